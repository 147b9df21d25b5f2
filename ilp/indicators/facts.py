"""Write facts from records, in the writer's transaction; rebuild them all; export them to Parquet.

Each writer (a package record, a registered visit, an immunization) calls one function here;
the facts of a record are replaced as a whole, so a correction never double counts.
"""

import datetime as dt
import hashlib
from pathlib import Path

from django.db import transaction

from .models import Fact


def _base(*, patient, date: dt.date, facility, source: str, **fields) -> Fact:
    return Fact(person=patient.pk, desa_id=patient.desa_id, facility=facility, sex=patient.sex,
                age_days=(date - patient.birth_date).days, disability=bool(patient.disability), date=date,
                source=source, **fields)


def replace_facts(source: str, facts: list[Fact]) -> None:
    Fact.objects.filter(source=source).delete()
    Fact.objects.bulk_create(facts)


def package_facts(record, computed: dict) -> list[Fact]:
    """A package record counts once as `pkg.<id>` (with trimester/slot and pregnancy), and once per flag."""
    from ilp.packages.engine.loader import registry

    source = f"packages.PackageRecord:{record.pk}"
    package = registry().get(record.package_id)
    known = {**record.values, **computed}
    code, group_key = "", ""
    if package and package.facts.code and known.get(package.facts.code) not in (None, ""):
        code = f"{package.facts.code_prefix}{known[package.facts.code]}"
    elif package:
        # A visit window (KF, KN) is the natural code of a visit package: its slot, "" when off-window.
        code = next((str(known.get(c.id) or "") for c in package.computed if c.kind == "days_since"), "")
    if package and package.facts.group:
        group_key = str(known.get(package.facts.group) or "")
    role = getattr(record.performer, "role", "") or ""
    common = {"patient": record.patient, "date": record.service_date, "facility": record.facility, "source": source}
    facts = [_base(kind=f"pkg.{record.package_id}", code=str(code), group_key=group_key, role=role, **common)]
    facts += [_base(kind="flag", code=flag["code"], group_key=record.package_id, role=role, **common) for flag in record.flags]
    return facts


@transaction.atomic
def record_package_facts(record, computed: dict) -> None:
    replace_facts(f"packages.PackageRecord:{record.pk}", package_facts(record, computed))


@transaction.atomic(savepoint=False)
def record_visit_facts(visit) -> None:
    """A registered visit counts as `visit` with its klaster (kunjungan Puskesmas per klaster).

    No savepoint of its own inside the registration: a failure here fails the registration anyway."""
    source = f"visits.Visit:{visit.pk}"
    fact = _base(patient=visit.patient, date=visit.date, facility=visit.facility, source=source, kind="visit",
                 code=visit.klaster, role="")
    replace_facts(source, [fact])


def condition_facts(condition) -> list[Fact]:
    """A diagnosis counts as `dx` with its ICD-10 code, new or old case in `group_key` (LB1)."""
    return [_base(patient=condition.patient, date=condition.recorded_date, facility=condition.facility,
                  source=f"clinical.Condition:{condition.pk}", kind="dx", code=condition.code,
                  group_key=condition.case, role=getattr(condition.recorder, "role", "") or "")]


@transaction.atomic
def record_condition_facts(condition) -> None:
    replace_facts(f"clinical.Condition:{condition.pk}", condition_facts(condition))


def immunization_facts(immunization) -> list[Fact]:
    """A dose given counts as `imm` with the dose as the card names it (DPT-HB-Hib1); none if entered in error."""
    if immunization.status != "completed":
        return []
    return [_base(patient=immunization.patient, date=immunization.given_on, facility=immunization.facility,
                  source=f"immunization.Immunization:{immunization.pk}", kind="imm", code=immunization.dose_code,
                  group_key="luar_jadwal" if immunization.outside_window else "",
                  role=getattr(immunization.performer, "role", "") or "")]


@transaction.atomic
def record_immunization_facts(immunization) -> None:
    """For the immunization writer: call with every dose recorded or corrected (laporan imunisasi counts these)."""
    replace_facts(f"immunization.Immunization:{immunization.pk}", immunization_facts(immunization))


def immunization_set_facts(patient) -> list[Fact]:
    """`idl`/`ibl` once the set is complete before its deadline (1st/2nd birthday), dated on the dose
    that completed it (DOMAIN.md §2); none while a dose is missing or late."""
    from ilp.immunization.models import Immunization
    from ilp.immunization.schedule import current_schedule
    from ilp.immunization.selectors import set_status

    doses = Immunization.objects.filter(patient=patient, status=Immunization.Status.COMPLETED).select_related("facility")
    given = {(d.vaccine, d.dose): d for d in doses}
    if not given:
        return []
    schedule, facts = current_schedule(), []
    for name in ("idl", "ibl"):
        if set_status(schedule, name, birth_date=patient.birth_date, given=given).complete:
            last = max((given[(d.vaccine, d.number)] for d in schedule.set_doses(name)), key=lambda i: i.given_on)
            facts.append(_base(patient=patient, date=last.given_on, facility=last.facility,
                               source=f"immunization.sets:{patient.pk}", kind=name, code="", role=""))
    return facts


@transaction.atomic
def record_immunization_set_facts(patient) -> None:
    replace_facts(f"immunization.sets:{patient.pk}", immunization_set_facts(patient))


def rebuild_all() -> int:
    """Recompute every fact from the records (for a new indicator kind or a repaired record)."""
    from ilp.clinical.models import Condition
    from ilp.immunization.models import Immunization
    from ilp.packages.models import PackageRecord
    from ilp.people.models import Patient
    from ilp.visits.models import Visit

    with transaction.atomic():
        Fact.objects.all().delete()
        rows: list[Fact] = []
        for record in PackageRecord.objects.filter(status="final").select_related("patient", "facility", "performer").iterator():
            rows += package_facts(record, record.computed)
        for condition in Condition.objects.filter(status="final").select_related("patient", "facility", "recorder").iterator():
            rows += condition_facts(condition)
        for immunization in Immunization.objects.filter(status="completed").select_related(
                "patient", "facility", "performer").iterator():
            rows += immunization_facts(immunization)
        for patient in Patient.objects.filter(immunizations__isnull=False).distinct().iterator():
            rows += immunization_set_facts(patient)
        rows += tb_all_facts()
        for visit in Visit.objects.filter(patient__isnull=False).select_related("patient", "facility").iterator():
            rows.append(_base(patient=visit.patient, date=visit.date, facility=visit.facility,
                              source=f"visits.Visit:{visit.pk}", kind="visit", code=visit.klaster, role=""))
        Fact.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


EXPORT_COLUMNS = ["kind", "code", "group_key", "role", "value", "date", "person", "desa_code", "kabkota_code",
                  "province_code", "facility_id", "sex", "age_days", "disability"]


def export_rows(*, salt: str):
    """Facts for the levels above the district: the person key hashed per deployment, names never present."""
    facts = Fact.objects.select_related("desa").order_by("id").iterator(chunk_size=5000)
    for fact in facts:
        code = fact.desa.code
        person = int(hashlib.sha256(f"{salt}:{fact.person}".encode()).hexdigest()[:15], 16)
        yield {"kind": fact.kind, "code": fact.code, "group_key": fact.group_key, "role": fact.role,
               "value": float(fact.value) if fact.value is not None else None, "date": fact.date, "person": person,
               "desa_code": code, "kabkota_code": code[:5], "province_code": code[:2], "facility_id": fact.facility_id,
               "sex": fact.sex, "age_days": fact.age_days, "disability": fact.disability}


def export_parquet(*, target: Path, salt: str) -> int:
    """Write the facts to Parquet, partitioned province/kabkota/year/month (DuckDB does the writing)."""
    import duckdb

    rows = list(export_rows(salt=salt))
    connection = duckdb.connect()
    connection.execute(
        "CREATE TABLE facts (kind VARCHAR, code VARCHAR, group_key VARCHAR, role VARCHAR, value DOUBLE, date DATE, "
        "person BIGINT, desa_code VARCHAR, kabkota_code VARCHAR, province_code VARCHAR, facility_id BIGINT, sex VARCHAR, "
        "age_days INTEGER, disability BOOLEAN)")
    if rows:
        connection.executemany(f"INSERT INTO facts VALUES ({', '.join('?' * len(EXPORT_COLUMNS))})",
                               [[row[c] for c in EXPORT_COLUMNS] for row in rows])
    target.mkdir(parents=True, exist_ok=True)
    connection.execute(
        f"COPY (SELECT *, year(date) AS year, month(date) AS month FROM facts) TO '{target.as_posix()}' "
        "(FORMAT PARQUET, PARTITION_BY (province_code, kabkota_code, year, month), OVERWRITE_OR_IGNORE)")
    return len(rows)


# The TB register (ilp/tb, DOMAIN.md §5): the cascade as kind "tb", index cases as "tb_indeks" and their
# contacts as "tb_kontak". A step counts on its own date, so a month shows where people are in the cascade.
TB_BACTERIOLOGICAL = ("tcm", "bta")


def tb_case_facts(case) -> list[Fact]:
    """A case counts at each step: terduga, diperiksa (first TCM/BTA result), tbc_bakteriologis / tbc_klinis /
    bukan_tbc, diobati (OAT started) and its outcome; an index case also counts as tb_indeks `indeks` on its
    diagnosis and `ik` on the day its first contact was screened."""
    source = f"tb.TbCase:{case.pk}"
    results = [t.result_on for t in case.tests.all() if t.kind in TB_BACTERIOLOGICAL and t.result_on]
    steps = [("tb", "terduga", case.presumptive_on), ("tb", "diperiksa", min(results, default=None))]
    if case.diagnosis:
        steps.append(("tb", "bukan_tbc" if case.diagnosis == "bukan_tbc" else f"tbc_{case.diagnosis}", case.diagnosed_on))
    steps += [("tb", "diobati", case.treatment_started_on), ("tb", case.outcome, case.outcome_on)]
    if case.is_index:
        screened = [c.screened_on for c in case.contacts.all() if c.screened_on]
        steps += [("tb_indeks", "indeks", case.diagnosed_on), ("tb_indeks", "ik", min(screened, default=None))]
    return [_base(patient=case.patient, date=day, facility=case.facility, source=source, kind=kind, code=code,
                  group_key=f"kasus:{case.pk}", role="") for kind, code, day in steps if code and day]


@transaction.atomic
def record_tb_case_facts(case) -> None:
    replace_facts(f"tb.TbCase:{case.pk}", tb_case_facts(case))


def tb_contact_facts(contact) -> list[Fact]:
    """A contact counts (kind tb_kontak, grouped by index case) when listed (didaftar), screened (diskrining),
    on the doctor's decision (layak_tpt, oat, tidak) and when TPT starts (tpt)."""
    decision = {"tpt": "layak_tpt"}.get(contact.decision, contact.decision)
    steps = [("didaftar", contact.listed_on), ("diskrining", contact.screened_on), (decision, contact.decided_on),
             ("tpt", contact.tpt_started_on)]
    return [_base(patient=contact.patient, date=day, facility=contact.index_case.facility, source=f"tb.TbContact:{contact.pk}",
                  kind="tb_kontak", code=code, group_key=f"indeks:{contact.index_case_id}", role="")
            for code, day in steps if code and day]


@transaction.atomic
def record_tb_contact_facts(contact) -> None:
    replace_facts(f"tb.TbContact:{contact.pk}", tb_contact_facts(contact))


def tb_all_facts() -> list[Fact]:
    """Every TB register fact, for a rebuild of the facts table."""
    from ilp.tb.models import TbCase, TbContact

    rows: list[Fact] = []
    for case in TbCase.objects.select_related("patient", "facility").prefetch_related("tests", "contacts").iterator(chunk_size=500):
        rows += tb_case_facts(case)
    for contact in TbContact.objects.select_related("patient", "index_case__facility").iterator(chunk_size=500):
        rows += tb_contact_facts(contact)
    return rows
