"""Check a resource before it leaves (and in the stand-in when it arrives): FHIR R4 structure plus SATUSEHAT's rules.

Structure is the model library's parsing (fhir.resources R4B: R4's resources with R4's shapes for
everything we send). The rules are SATUSEHAT's, from its playbook and the errors it answers with:
times in UTC written +00:00, nothing in the future, no clinical event before the platform opened
(2022-08-31), identifiers under http://sys-ids.kemkes.go.id/{resource}/{organization id}, UCUM units,
and the links an Encounter, Observation or Condition must carry. The answer is an OperationOutcome.
"""

import datetime as dt
import re
import uuid

from fhir.resources.R4B import get_fhir_model_class
from pydantic import ValidationError

OPENED = dt.date(2022, 8, 31)  # SATUSEHAT took no data dated before this
CLOCK_SKEW = dt.timedelta(minutes=5)  # a clock a little ahead of the platform's is not "the future"
SYS_IDS = "http://sys-ids.kemkes.go.id/"
UCUM = "http://unitsofmeasure.org"
ICD10 = "http://hl7.org/fhir/sid/icd-10"
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$")
# A patient's history may well predate the platform: only event times must fall after it opened.
_HISTORY_KEYS = ("birth", "deceased", "onset", "abatement")
# Periods of validity (a BPJS membership) and a batch's expiry rightly reach into the future; clinical events do not.
_MAY_BE_FUTURE = ("expirationDate",)
_VALIDITY = {"Coverage", "CoverageEligibilityResponse", "Consent"}
_STATUS = {
    "Encounter": {"planned", "arrived", "triaged", "in-progress", "onleave", "finished", "cancelled",
                  "entered-in-error", "unknown"},
    "Observation": {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                    "entered-in-error", "unknown"},
}
_NEEDS = {  # links SATUSEHAT refuses a resource without
    "Encounter": ("subject", "period", "serviceProvider", "identifier"),
    "Observation": ("subject", "encounter"),
    "Condition": ("subject", "encounter"),
}


def issue(code: str, expression: str, diagnostics: str, severity: str = "error") -> dict:
    return {"severity": severity, "code": code, "diagnostics": diagnostics, "expression": [expression]}


def outcome(issues: list[dict]) -> dict:
    """An OperationOutcome; with no issue it says so in one informational line, as FHIR servers do."""
    return {"resourceType": "OperationOutcome",
            "issue": issues or [{"severity": "information", "code": "informational", "diagnostics": "valid"}]}


def is_valid(answer: dict) -> bool:
    return not any(i["severity"] in ("error", "fatal") for i in answer.get("issue", ()))


def validate(resource, *, now: dt.datetime | None = None, org_id: str = "") -> dict:
    """OperationOutcome for one resource (a Bundle's entries are checked each); `org_id` pins identifiers."""
    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        return outcome([issue("structure", "", "Bukan resource FHIR: tidak ada resourceType.")])
    now = now or dt.datetime.now(dt.UTC)
    issues = structure(resource)
    issues += rules(resource, resource["resourceType"], now=now, org_id=org_id)
    return outcome(issues)


def structure(resource: dict) -> list[dict]:
    """FHIR R4 structure through the model library: unknown elements, cardinality, datatypes, required."""
    kind = resource["resourceType"]
    try:
        model = get_fhir_model_class(kind)
    except KeyError:
        return [issue("not-supported", kind, f"resourceType {kind} tidak dikenal di FHIR R4.")]
    try:
        model.model_validate(resource)
    except ValidationError as error:
        return [issue("required" if e["type"] == "missing" else "structure", _path(kind, e["loc"]), e["msg"])
                for e in error.errors()]
    except (ValueError, TypeError) as error:  # the library raises plain errors for some shapes
        return [issue("structure", kind, str(error)[:300])]
    return []


def _path(kind: str, loc) -> str:
    path = kind
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def rules(resource: dict, path: str, *, now: dt.datetime, org_id: str) -> list[dict]:
    kind = resource.get("resourceType", "")
    found = _times(resource, path, now=None if kind in _VALIDITY else now)
    found += _identifiers(resource, kind, path, org_id)
    found += [issue("required", f"{path}.{key}", f"{kind} wajib punya {key} untuk SATUSEHAT.")
              for key in _NEEDS.get(kind, ()) if not resource.get(key)]
    if kind in _STATUS and resource.get("status") not in _STATUS[kind]:
        found.append(issue("code-invalid", f"{path}.status", f"Status {resource.get('status')!r} tidak dikenal."))
    if kind == "Encounter":
        found += _encounter(resource, path)
    if kind == "Observation":
        found += _quantity(resource.get("valueQuantity"), f"{path}.valueQuantity")
    if kind == "Condition":
        found += _icd10(resource.get("code"), f"{path}.code")
    if kind == "Bundle":
        found += _bundle(resource, path, now=now, org_id=org_id)
    return found


def _times(value, path: str, *, now: dt.datetime | None, key: str = "") -> list[dict]:
    if isinstance(value, dict):
        # A Bundle entry's resource is checked on its own, with its own rules.
        return [i for k, v in value.items() if not (k == "resource" and isinstance(v, dict) and "resourceType" in v)
                for i in _times(v, f"{path}.{k}", now=now, key=k)]
    if isinstance(value, list):
        return [i for n, v in enumerate(value) for i in _times(v, f"{path}[{n}]", now=now, key=key)]
    if not isinstance(value, str) or not (match := _DATE.match(value)):
        return []
    found = []
    if match.group(4) and match.group(9) != "+00:00":  # a time of day: must be UTC written as +00:00
        found.append(issue("value", path, f"Waktu {value} harus dalam UTC dan ditulis dengan +00:00."))
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00")) if match.group(4) else None
        day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return found  # an impossible date is a structure error, reported there
    if now and key not in _MAY_BE_FUTURE and (
            (moment and moment.tzinfo and moment > now + CLOCK_SKEW) or day > (now + CLOCK_SKEW).date()):
        found.append(issue("value", path, f"Waktu {value} ada di masa depan."))
    if day < OPENED and not key.lower().startswith(_HISTORY_KEYS):
        found.append(issue("value", path, f"Tanggal {value} sebelum 31 Agustus 2022; SATUSEHAT tidak menerimanya."))
    return found


def _identifiers(resource: dict, kind: str, path: str, org_id: str) -> list[dict]:
    """A resource's own identifier is http://sys-ids.kemkes.go.id/{resource}/{organization id}[/...]."""
    idents = [i for i in resource.get("identifier") or () if isinstance(i, dict)] \
        if isinstance(resource.get("identifier"), list) else []
    prefix, found = f"{SYS_IDS}{kind.lower()}/", []
    for n, ident in enumerate(idents):
        system = str(ident.get("system", ""))
        if not system.startswith(prefix):
            continue  # other systems (prescription, acsn, ...) are the platform's own business
        owner = system[len(prefix):].split("/")[0]
        if not owner.isdigit() or (org_id and owner != org_id):
            found.append(issue("value", f"{path}.identifier[{n}].system",
                               f"Sistem identifier {system} harus {prefix}{org_id or '<id organisasi>'}."))
    if kind == "Encounter" and not any(str(i.get("system", "")).startswith(prefix) for i in idents):
        found.append(issue("required", f"{path}.identifier", f"Encounter wajib punya identifier {prefix}<id organisasi>."))
    return found


def _encounter(resource: dict, path: str) -> list[dict]:
    found = []
    klass = resource.get("class") or {}
    if klass.get("system") != "http://terminology.hl7.org/CodeSystem/v3-ActCode":
        found.append(issue("code-invalid", f"{path}.class", "Kelas Encounter harus dari v3-ActCode (mis. AMB)."))
    history = resource.get("statusHistory") or []
    if not history:
        found.append(issue("required", f"{path}.statusHistory", "SATUSEHAT meminta riwayat status (arrived, in-progress, ...)."))
    starts = [h.get("period", {}).get("start", "") for h in history if isinstance(h, dict)]
    if starts != sorted(starts):
        found.append(issue("invariant", f"{path}.statusHistory", "Riwayat status tidak urut waktu."))
    if resource.get("status") == "finished" and not (resource.get("period") or {}).get("end"):
        found.append(issue("required", f"{path}.period.end", "Kunjungan selesai harus punya waktu selesai."))
    return found


def _icd10(code, path: str) -> list[dict]:
    """ICD-10 codes must be WHO categories or subcategories (SATUSEHAT refuses what the code system lacks)."""
    from ilp.clinical.icd10 import is_diagnosis_code

    codings = (code or {}).get("coding") if isinstance(code, dict) else None
    return [issue("code-invalid", f"{path}.coding[{n}]", f"Kode ICD-10 {c.get('code')!r} tidak dikenal.")
            for n, c in enumerate(codings or ()) if isinstance(c, dict) and c.get("system") == ICD10
            and not is_diagnosis_code(str(c.get("code") or ""))]


def _quantity(quantity, path: str) -> list[dict]:
    if not isinstance(quantity, dict):
        return []
    if quantity.get("system") != UCUM or not quantity.get("code"):
        return [issue("code-invalid", path, "Satuan harus UCUM (system http://unitsofmeasure.org dengan code).")]
    return []


def _bundle(bundle: dict, path: str, *, now: dt.datetime, org_id: str) -> list[dict]:
    found = []
    entries = [e for e in bundle.get("entry") or () if isinstance(e, dict)]
    full_urls = {e.get("fullUrl") for e in entries}
    for n, entry in enumerate(entries):
        where, resource = f"{path}.entry[{n}]", entry.get("resource")
        url = entry.get("fullUrl") or ""
        if url.startswith("urn:uuid:") and not _is_uuid(url[9:]):
            found.append(issue("value", f"{where}.fullUrl", f"{url} bukan urn:uuid yang sah."))
        if bundle.get("type") in ("transaction", "batch") and not (entry.get("request") or {}).get("method"):
            found.append(issue("required", f"{where}.request", "Entri transaction wajib punya request (method, url)."))
        if isinstance(resource, dict):
            found += rules(resource, f"{where}.resource", now=now, org_id=org_id)
            found += [issue("not-found", f"{where}.resource", f"Rujukan {ref} tidak ada di Bundle ini.")
                      for ref in _references(resource) if ref.startswith("urn:uuid:") and ref not in full_urls]
    return found


def _references(value) -> list[str]:
    if isinstance(value, dict):
        own = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return own + [r for k, v in value.items() if k != "reference" for r in _references(v)]
    if isinstance(value, list):
        return [r for v in value for r in _references(v)]
    return []


def _is_uuid(text: str) -> bool:
    try:
        uuid.UUID(text)
    except ValueError:
        return False
    return True
