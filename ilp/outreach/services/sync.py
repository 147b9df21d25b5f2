"""Uploads from the offline app: idempotent by the phone's UUID, validated by the server's own rules, conflicts kept.

Each upload is stored whatever happens (accepted, rejected with the rule's own message, or accepted
in conflict), so nothing a kader typed is lost; a retry of the same UUID returns the stored outcome.
Kinds: `family` and `person` (registrations made offline), `weighing` and `package` (service
packages), `pispk` (the family form). A later upload names an offline registration by its UUID
(`family_uuid`, `patient_uuid`); the phone sends them in the order they were made.
"""

import datetime as dt
import uuid as uuid_lib

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from ilp.accounts import scope
from ilp.audit import services as audit
from ilp.core.choices import Sex
from ilp.facilities.models import Facility
from ilp.packages.engine import evaluate
from ilp.packages.engine.forms import PackageForm
from ilp.packages.engine.loader import registry
from ilp.packages.models import PackageRecord
from ilp.packages.services import NeedsConfirmation, record_package, void_record
from ilp.people import selectors as people_selectors
from ilp.people.models import FamilyRelation
from ilp.people.services import register_family, register_patient
from ilp.regions.models import Region

from .. import offline
from ..choices import SyncStatus
from ..models import SyncConflict, SyncUpload
from .family import record_family_survey
from .session import attend_for_upload

UNKNOWN_KIND = "Jenis data %(kind)s tidak dikenal."
NOT_IN_SCOPE = "Warga ini tidak ada di wilayah Anda."
FAMILY_NOT_IN_SCOPE = "Keluarga ini tidak ada di wilayah Anda."
UUID_TAKEN = "UUID ini sudah dipakai oleh pengguna lain."
BAD_DATE = "Tanggal tidak valid; gunakan bentuk YYYY-MM-DD."
NOT_OFFLINE = "Paket %(package)s tidak dicatat lewat aplikasi kader."
OLD_FORM = ("Formulir dari aplikasi versi lama (%(package)s versi %(old)s, sekarang versi %(new)s): isian %(fields)s "
            "tidak ada lagi. Catatan ini tersimpan di server; buka aplikasi saat ada sinyal agar formulir baru "
            "termuat, lalu isi ulang.")
OLD_FORM_ACCEPTED = "Dibuat dengan formulir versi lama (%(package)s versi %(old)s); diperiksa dengan versi %(new)s."
CLOCK_WRONG = ("Tanggal di HP salah saat dicatat (HP: %(phone)s, sebenarnya: %(real)s). Betulkan tanggal HP, "
               "periksa tanggal catatan, lalu simpan ulang. Catatan ini tersimpan di server.")
WAITING_FOR = "Menunggu pendaftaran %(what)s terkirim lebih dulu."
DEPENDS_ON_REJECTED = "Pendaftaran %(what)s ditolak; perbaiki pendaftaran itu dulu, lalu kirim ulang catatan ini."
CHOOSE_DESA = "Pilih desa tempat tinggal."
CONFLICT_VOID = "Bentrok data ditinjau: catatan ini salah input (%(note)s)."
# A phone whose clock is off by more than this is "wrong"; time zones and a late sync stay inside it.
CLOCK_TOLERANCE = dt.timedelta(hours=26)
DATE_FIELD = {"weighing": "service_date", "package": "service_date", "pispk": "visit_date"}


class Retry(Exception):
    """The upload names a registration the server has not received yet: not stored, the phone sends it again."""


def receive_upload(*, actor, uuid: uuid_lib.UUID, kind: str, payload: dict,
                   clock_offset: dt.timedelta | None = None) -> SyncUpload:
    """Apply one uploaded record once; the same UUID again returns what happened the first time.

    `clock_offset` is the server's time minus the phone's, measured when the batch arrived.
    Raises Retry when a registration it depends on has not arrived yet.
    """
    existing = SyncUpload.objects.filter(uuid=uuid).first()
    if existing:
        if existing.user_id != actor.pk:
            raise ValidationError(_(UUID_TAKEN))
        return existing
    try:
        with transaction.atomic():
            _check_clock(kind, payload, clock_offset)
            return APPLY.get(kind, _unknown)(actor=actor, uuid=uuid, kind=kind, payload=payload)
    except IntegrityError:
        # The same UUID arrived twice at once: the other request stored it; answer with its outcome.
        stored = SyncUpload.objects.filter(uuid=uuid, user=actor).first()
        if stored is None:
            raise
        return stored
    except NeedsConfirmation as error:
        return _store(actor, uuid, kind, payload, SyncStatus.REJECTED, errors={"__all__": error.messages},
                      warnings=error.warnings)
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        return _store(actor, uuid, kind, payload, SyncStatus.REJECTED, errors=errors)


def _store(actor, uuid, kind, payload, status, *, errors=None, warnings=None, **links) -> SyncUpload:
    with transaction.atomic():
        upload = SyncUpload.objects.create(uuid=uuid, user=actor, kind=kind, payload=payload, received_at=timezone.now(),
                                           status=status, errors=errors or {}, warnings=warnings or [], **links)
        audit.record(actor=actor, action=f"sync.{status}", target=upload)
    return upload


def _check_clock(kind: str, payload: dict, offset: dt.timedelta | None) -> None:
    """A date the phone filled in from a clock that was wrong is not trusted (the kader checks it).

    The phone sends its own clock with every batch and with every record (`recorded_at`). When the
    clock is off, a record dated on the day the phone showed at recording most likely took that date
    from the wrong clock; a date the kader chose herself, or one the app corrected with the server's
    time, passes.
    """
    recorded = parse_datetime(str(payload.get("recorded_at") or ""))
    field = DATE_FIELD.get(kind)
    if recorded is None or field is None:
        return
    if timezone.is_naive(recorded):
        recorded = timezone.make_aware(recorded)
    offset = offset or dt.timedelta(0)
    ahead_then = recorded - timezone.now() > CLOCK_TOLERANCE  # a clock ahead when recording, fixed since
    if abs(offset) <= CLOCK_TOLERANCE and not ahead_then:
        return
    phone_day = timezone.localtime(recorded).date()
    if str(payload.get(field)) == phone_day.isoformat():
        real = timezone.localtime(recorded + offset).date() if abs(offset) > CLOCK_TOLERANCE else timezone.localdate()
        raise ValidationError({field: [_(CLOCK_WRONG) % {"phone": f"{phone_day:%d-%m-%Y}", "real": f"{real:%d-%m-%Y}"}]})


def _date(payload: dict, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(payload.get(field)))
    except ValueError:
        raise ValidationError({field: [_(BAD_DATE)]}) from None


def _earlier(actor, key: str, what: str, link: str):
    """The person or household an earlier upload of this phone registered (by its UUID)."""
    try:
        upload = SyncUpload.objects.filter(uuid=uuid_lib.UUID(str(key)), user=actor).first()
    except ValueError:
        upload = None
    if upload is None:
        raise Retry(_(WAITING_FOR) % {"what": what})
    if getattr(upload, f"{link}_id") is None:
        raise ValidationError(_(DEPENDS_ON_REJECTED) % {"what": what})
    return getattr(upload, link)


def _patient(actor, payload: dict):
    if payload.get("patient_uuid"):
        patient = _earlier(actor, payload["patient_uuid"], _("warga"), "patient")
        return people_selectors.patient_get(user=actor, pk=patient.pk)
    try:
        return people_selectors.patient_get(user=actor, pk=int(payload.get("patient_id") or 0))
    except (Http404, ValueError, TypeError):
        raise ValidationError({"patient_id": [_(NOT_IN_SCOPE)]}) from None


def _family(actor, payload: dict):
    if payload.get("family_uuid"):
        family = _earlier(actor, payload["family_uuid"], _("keluarga"), "family")
        return people_selectors.family_get(user=actor, pk=family.pk)
    if not payload.get("family_id"):
        return None
    try:
        return people_selectors.family_get(user=actor, pk=int(payload["family_id"]))
    except (Http404, ValueError, TypeError):
        raise ValidationError({"family_id": [_(FAMILY_NOT_IN_SCOPE)]}) from None


def _desa(actor, payload: dict) -> Region:
    """The kader's own desa; staff serving several desa name one of theirs."""
    ids = scope.wilayah_desa_ids(actor)
    chosen = payload.get("desa_id") or (ids[0] if len(ids) == 1 else None)
    if chosen not in ids:
        raise ValidationError({"desa_id": [_(CHOOSE_DESA)]})
    return Region.objects.get(pk=chosen)


def _unknown(*, actor, uuid, kind, payload):
    raise ValidationError(_(UNKNOWN_KIND) % {"kind": kind})


def _apply_family(*, actor, uuid, kind, payload) -> SyncUpload:
    family = register_family(actor=actor, desa=_desa(actor, payload), kk_number=str(payload.get("kk_number") or "").strip(),
                             address=str(payload.get("address") or "")[:200], rt=str(payload.get("rt") or "")[:3],
                             rw=str(payload.get("rw") or "")[:3])
    return _store(actor, uuid, kind, payload, SyncStatus.ACCEPTED, family=family)


def _apply_person(*, actor, uuid, kind, payload) -> SyncUpload:
    family = _family(actor, payload)
    desa = family.desa if family else _desa(actor, payload)
    errors = {}
    if not str(payload.get("name") or "").strip():
        errors["name"] = [_(offline.NAME_REQUIRED)]
    if payload.get("sex") not in Sex.values:
        errors["sex"] = [_(evaluate.REQUIRED)]
    if family and payload.get("relation") not in FamilyRelation.values:
        errors["relation"] = [_(evaluate.REQUIRED)]
    if errors:
        raise ValidationError(errors)
    patient = register_patient(actor=actor, name=str(payload["name"])[:120], birth_date=_date(payload, "birth_date"),
                               sex=str(payload.get("sex") or ""), desa=desa, nik=str(payload.get("nik") or "").strip(),
                               family=family, family_relation=str(payload.get("relation") or "") if family else "",
                               address=family.address if family else str(payload.get("address") or "")[:200])
    return _store(actor, uuid, kind, payload, SyncStatus.ACCEPTED, patient=patient)


def _apply_pispk(*, actor, uuid, kind, payload) -> SyncUpload:
    family = _family(actor, payload)
    if family is None:
        raise ValidationError({"family_id": [_(FAMILY_NOT_IN_SCOPE)]})
    record_family_survey(actor=actor, family=family, visit_date=_date(payload, "visit_date"),
                         answers=dict(payload.get("answers") or {}), client_uuid=uuid)
    return _store(actor, uuid, kind, payload, SyncStatus.ACCEPTED, family=family)


def _form_check(package, payload: dict, values: dict) -> list[str]:
    """Values the current definition does not know are refused (never dropped); an older form that fits is noted."""
    sent = payload.get("form_version")
    unknown = sorted(set(values) - {f.id for f in package.fields})
    if unknown:
        raise ValidationError(_(OLD_FORM) % {"package": package.name, "old": "?" if sent is None else sent, "new": package.version,
                                             "fields": ", ".join(unknown)})
    if sent is not None and str(sent) != str(package.version):
        return [_(OLD_FORM_ACCEPTED) % {"package": package.name, "old": sent, "new": package.version}]
    return []


def _typed(package, values: dict, service_date: dt.date) -> dict:
    """The JSON values read by the package's own form (numbers, Ya/Tidak, dates), as the clinic form reads them."""
    form = PackageForm({**values, "service_date": service_date.isoformat()}, package=package)
    if not form.is_valid():
        raise ValidationError({name: list(messages) for name, messages in form.errors.items()})
    return form.values()


def _apply_package(*, actor, uuid, kind, payload) -> SyncUpload:
    package_id = "balita" if kind == "weighing" else str(payload.get("package_id") or "")
    package = registry().get(package_id)
    if package is None or package not in offline.offline_packages():
        raise ValidationError(_(NOT_OFFLINE) % {"package": package_id})
    patient = _patient(actor, payload)
    service_date = _date(payload, "service_date")
    values = {k: v for k, v in (payload.get("values") or {}).items() if v not in (None, "")}
    notes = _form_check(package, payload, values)
    values = _typed(package, values, service_date)
    earlier = list(PackageRecord.objects.filter(patient=patient, package_id=package_id, service_date=service_date,
                                                status=PackageRecord.Status.FINAL))
    record = record_package(actor=actor, patient=patient, package_id=package_id, values=values,
                            service_date=service_date, confirmed=bool(payload.get("confirmed")))
    if package_id == "balita" and actor.facility.kind == Facility.Kind.POSYANDU:
        attend_for_upload(actor=actor, patient=patient, date=service_date, record=record)
    # Same person, package and day, different values: keep both, and let the supervisor decide which is right.
    differing = [r for r in earlier if r.values != record.values]
    upload = _store(actor, uuid, kind, payload, SyncStatus.CONFLICT if differing else SyncStatus.ACCEPTED,
                    record=record, patient=patient, warnings=notes + record.warnings)
    SyncConflict.objects.bulk_create(SyncConflict(upload=upload, existing=r, created_at=timezone.now()) for r in differing)
    return upload


APPLY = {"family": _apply_family, "person": _apply_person, "pispk": _apply_pispk, "weighing": _apply_package,
         "package": _apply_package}


@transaction.atomic
def review_conflict(*, actor, conflict: SyncConflict, note: str = "", void: str = "") -> SyncConflict:
    """The supervisor has looked at both records; both stay in the history, the note says which is right.

    `void` ("existing" or "upload") marks the wrong one entered-in-error, so only the right one counts.
    """
    wrong = {"existing": conflict.existing, "upload": conflict.upload.record}.get(void)
    if wrong is not None:
        void_record(actor=actor, record=wrong, reason=_(CONFLICT_VOID) % {"note": note.strip() or "—"})
    conflict.reviewed_at = timezone.now()
    conflict.reviewed_by = actor
    conflict.note = note[:300]
    conflict.save(update_fields=["reviewed_at", "reviewed_by", "note"])
    audit.record(actor=actor, action="sync.conflict_reviewed", target=conflict)
    return conflict
