"""Writes on laboratory orders: order, specimen, results (typed or from an analyser's CSV), validation."""

import csv
import datetime as dt
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.clinical.models import Observation
from ilp.core.sequences import next_value
from ilp.people.age import completed_months
from ilp.satusehat import outbox

from .catalogue import LOINC, LabTest, catalogue
from .models import LabOrder, LabResult

NO_TESTS = "Pilih minimal satu pemeriksaan."
UNKNOWN_TESTS = "Kode pemeriksaan tidak dikenal: %(codes)s."
NOT_AN_ORDERER = "Order laboratorium dibuat oleh dokter, bidan atau perawat."
NOT_LAB_STAFF = "Spesimen, hasil dan validasi dikerjakan oleh analis laboratorium."
VISIT_NOT_OPEN = "Kunjungan %(number)s sudah selesai; order baru dibuat pada kunjungan berikutnya."
VISIT_OTHER_PATIENT = "Kunjungan ini milik pasien lain."
NO_PATIENT = "Pasien belum terdaftar pada kunjungan ini."
SPECIMEN_TWICE = "Spesimen order %(number)s sudah diambil pada %(at)s."
SPECIMEN_IN_FUTURE = "Waktu pengambilan spesimen tidak boleh di masa depan."
SPECIMEN_BEFORE_ORDER = "Waktu pengambilan spesimen tidak boleh sebelum order dibuat."
NO_SPECIMEN = "Spesimen order %(number)s belum diambil; catat pengambilan spesimen dulu."
ALREADY_VALIDATED = "Order %(number)s sudah divalidasi; hasil tidak dapat diubah."
NOT_IN_ORDER = "%(test)s tidak ada dalam order %(number)s."
NOT_A_NUMBER = "%(test)s: %(value)s bukan angka."
NEGATIVE = "%(test)s tidak boleh negatif."
IMPLAUSIBLE = "%(test)s %(value)s %(unit)s di luar rentang yang mungkin (%(low)s–%(high)s); periksa kembali."
UNKNOWN_OPTION = "%(test)s: pilih salah satu dari %(options)s (bukan %(value)s)."
NOTHING_ENTERED = "Belum ada hasil yang diisi."
INCOMPLETE = "Order %(number)s belum lengkap: %(missing)s belum ada hasilnya."
CSV_EMPTY = "Berkas CSV kosong."
CSV_HEADER = "Baris 1: kolom wajib no_order, kode dan hasil (kolom pasien boleh: NIK atau no. RM)."
CSV_UNKNOWN_ORDER = "order %(number)s tidak ditemukan di Puskesmas ini."
CSV_WRONG_PATIENT = "pasien %(patient)s tidak cocok dengan order %(number)s."
CSV_UNKNOWN_TEST = "kode pemeriksaan %(code)s tidak dikenal."
CSV_LINE = "Baris %(line)s: %(error)s"
ORDER_ROLES = {"dokter", "bidan", "perawat"}
LAB_ROLES = {"analis_lab"}


def _require(actor, roles: set[str], message: str) -> None:
    if actor.role not in roles:
        raise ValidationError(_(message))


@transaction.atomic
def order_tests(*, actor, patient, tests: list[str], visit=None, from_station=None, referral=None,
                clinical_note: str = "") -> LabOrder:
    """Order tests (catalogue ids, LOINC codes or panel ids) for a patient; from a visit's room, a package or CKG."""
    _require(actor, ORDER_ROLES, NOT_AN_ORDERER)
    found, unknown = catalogue().expand([c.strip() for c in tests if c and c.strip()])
    if unknown:
        raise ValidationError({"tests": [_(UNKNOWN_TESTS) % {"codes": ", ".join(unknown)}]})
    if not found:
        raise ValidationError({"tests": [_(NO_TESTS)]})
    if visit is not None and visit.patient_id != patient.pk:
        raise ValidationError(_(VISIT_OTHER_PATIENT))
    if visit is not None and visit.status != "open":
        raise ValidationError(_(VISIT_NOT_OPEN) % {"number": visit.number})
    facility = visit.facility if visit is not None else actor.facility.puskesmas
    now = timezone.now()
    order = LabOrder.objects.create(
        facility=facility, patient=patient, visit=visit, from_station=from_station, referral=referral,
        number=_order_number(facility), clinical_note=clinical_note.strip()[:500], catalogue_version=catalogue().label,
        ordered_at=now, ordered_by=actor)
    LabResult.objects.bulk_create([LabResult(order=order, test_code=t.id, position=i) for i, t in enumerate(found)])
    audit.record(actor=actor, action="lab.order", target=order, detail={"tests": [t.id for t in found]})
    return order


def _order_number(facility) -> str:
    today = timezone.localdate()
    count = next_value(f"lab:{facility.pk}:{today:%Y%m}")
    return f"LAB-{facility.code}-{today:%y%m}-{count:04d}"


@transaction.atomic
def order_from_entry(*, actor, entry, tests: list[str], clinical_note: str = "") -> LabOrder:
    """Order from the room serving the patient and send them to the lab (rujukan internal, back for the result)."""
    from ilp.visits import services as visit_services

    visit = entry.visit
    if not visit.patient_id:
        raise ValidationError(_(NO_PATIENT))
    order = order_tests(actor=actor, patient=visit.patient, tests=tests, visit=visit, from_station=entry.station,
                        clinical_note=clinical_note)
    names = ", ".join(r.test.name for r in order.results.all())
    reason = _("Pemeriksaan laboratorium %(number)s: %(tests)s") % {"number": order.number, "tests": names}
    referral = visit_services.refer_internally(actor=actor, entry=entry, to_code="lab", reason=reason[:500])
    order.referral = referral
    order.save(update_fields=["referral"])
    return order


@transaction.atomic
def take_specimen(*, actor, order: LabOrder, taken_at=None, note: str = "") -> LabOrder:
    """Record when and by whom the specimen was taken; the order then waits for its results."""
    _require(actor, LAB_ROLES, NOT_LAB_STAFF)
    order = LabOrder.objects.select_for_update().get(pk=order.pk)
    if order.specimen_at:
        raise ValidationError(_(SPECIMEN_TWICE) % {"number": order.number,
                                                   "at": timezone.localtime(order.specimen_at).strftime("%d-%m-%Y %H:%M")})
    taken_at = taken_at or timezone.now()
    if taken_at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"taken_at": [_(SPECIMEN_IN_FUTURE)]})
    if taken_at < order.ordered_at - dt.timedelta(minutes=5):
        raise ValidationError({"taken_at": [_(SPECIMEN_BEFORE_ORDER)]})
    order.specimen_at, order.specimen_by, order.specimen_note = taken_at, actor, note.strip()[:250]
    order.status = LabOrder.Status.COLLECTED
    order.save(update_fields=["specimen_at", "specimen_by", "specimen_note", "status"])
    audit.record(actor=actor, action="lab.specimen", target=order)
    return order


def age_years(order: LabOrder) -> Decimal:
    """The patient's age at the specimen (or today), in completed months over 12: what the reference bands use."""
    on = timezone.localtime(order.specimen_at).date() if order.specimen_at else timezone.localdate()
    return Decimal(completed_months(order.patient.birth_date, on)) / 12


def parse_value(test: LabTest, raw: str) -> Decimal | str:
    """A typed or exported value checked against the test: a number inside the plausible limits, or a known option."""
    raw = (raw or "").strip()
    if not test.quantitative:
        by_label = {o.label.lower(): o.code for o in test.options}
        code = raw if test.option(raw) else by_label.get(raw.lower())
        if not code:
            raise ValidationError(_(UNKNOWN_OPTION) % {"test": test.name, "value": raw or "-",
                                                       "options": ", ".join(o.label for o in test.options)})
        return code
    try:
        value = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_(NOT_A_NUMBER) % {"test": test.name, "value": raw}) from None
    if not value.is_finite():
        raise ValidationError(_(NOT_A_NUMBER) % {"test": test.name, "value": raw})
    if value < 0:
        raise ValidationError(_(NEGATIVE) % {"test": test.name})
    value = test.round(value)
    low, high = test.plausible
    if not low <= value <= high:
        raise ValidationError(_(IMPLAUSIBLE) % {"test": test.name, "value": raw, "unit": test.unit_label,
                                                "low": low, "high": high})
    return value


@transaction.atomic
def enter_results(*, actor, order: LabOrder, values: dict[str, str], source: str = "manual") -> LabOrder:
    """Results for some or all tests of an order; one bad value refuses them all, each error named by its test."""
    _require(actor, LAB_ROLES, NOT_LAB_STAFF)
    order = LabOrder.objects.select_for_update().get(pk=order.pk)
    if order.status == LabOrder.Status.VALIDATED:
        raise ValidationError(_(ALREADY_VALIDATED) % {"number": order.number})
    if not order.specimen_at:
        raise ValidationError(_(NO_SPECIMEN) % {"number": order.number})
    results = {r.test_code: r for r in order.results.all()}
    errors: dict[str, list[str]] = {}
    parsed = {}
    for code, raw in values.items():
        test = catalogue().get(code)
        if test is None or test.id not in results:
            errors.setdefault(code, []).append(_(NOT_IN_ORDER) % {"test": code, "number": order.number})
            continue
        if not (raw or "").strip():
            continue  # left empty on the form: not entered yet
        try:
            parsed[test.id] = parse_value(test, raw)
        except ValidationError as error:
            errors.setdefault(test.id, []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    if not parsed:
        raise ValidationError(_(NOTHING_ENTERED))
    now, age = timezone.now(), age_years(order)
    for code, value in parsed.items():
        result, test = results[code], results[code].test
        reference = test.reference(sex=order.patient.sex, age_years=age) if test.quantitative else None
        result.value_quantity = value if test.quantitative else None
        result.value_code = "" if test.quantitative else value
        result.flag = test.flag(value, sex=order.patient.sex, age_years=age)
        result.reference_text = reference.text if reference else ""
        result.entered_at, result.entered_by, result.source = now, actor, source
        result.save(update_fields=["value_quantity", "value_code", "flag", "reference_text", "entered_at", "entered_by", "source"])
    complete = all(r.has_value for r in results.values())
    order.status = LabOrder.Status.RESULTED if complete else LabOrder.Status.COLLECTED
    order.save(update_fields=["status"])
    audit.record(actor=actor, action="lab.result", target=order, detail={"tests": sorted(parsed), "source": source})
    return order


@transaction.atomic
def validate_order(*, actor, order: LabOrder) -> LabOrder:
    """The analyst releases the results: numeric ones become clinical Observations (LOINC) of the visit."""
    _require(actor, LAB_ROLES, NOT_LAB_STAFF)
    order = LabOrder.objects.select_for_update().get(pk=order.pk)  # the order row only: visit is nullable (PostgreSQL)
    if order.status == LabOrder.Status.VALIDATED:
        raise ValidationError(_(ALREADY_VALIDATED) % {"number": order.number})
    results = list(order.results.all())
    missing = [r.test.name for r in results if not r.has_value]
    if missing:
        raise ValidationError(_(INCOMPLETE) % {"number": order.number, "missing": ", ".join(missing)})
    now = timezone.now()
    for result in results:
        if result.value_quantity is None:
            continue  # qualitative results stay on the order; SATUSEHAT gets measurements
        test = result.test
        result.observation = Observation.objects.create(
            patient=order.patient, visit=order.visit, facility=order.facility, system=LOINC, code=test.loinc,
            display=test.display, value_quantity=result.value_quantity, unit=test.unit, effective_at=order.specimen_at,
            performer=actor, source=f"lab:{order.catalogue_version}")
        result.save(update_fields=["observation"])
    order.status, order.validated_at, order.validated_by = LabOrder.Status.VALIDATED, now, actor
    order.save(update_fields=["status", "validated_at", "validated_by"])
    audit.record(actor=actor, action="lab.validate", target=order)
    if order.visit is not None and order.visit.status == "finished":
        outbox.enqueue_visit(order.visit)  # the visit went out before its result: send the late observations too
    return order


@transaction.atomic
def import_results_csv(*, actor, facility, content: str) -> list[LabOrder]:
    """Results exported by an analyser (no_order, kode, hasil[, pasien]); any bad line refuses the whole file."""
    _require(actor, LAB_ROLES, NOT_LAB_STAFF)
    rows = list(csv.DictReader(io.StringIO(content.lstrip("\ufeff")), delimiter=_delimiter(content)))
    if not rows:
        raise ValidationError(_(CSV_EMPTY))
    header = {h.strip().lower() for h in rows[0] if h}
    if not {"no_order", "kode", "hasil"} <= header:
        raise ValidationError(_(CSV_HEADER))
    orders = {o.number: o for o in LabOrder.objects.filter(
        facility=facility, number__in={(r.get("no_order") or "").strip() for r in rows}).select_related("patient")}
    errors, values = [], {}
    for line, row in enumerate(rows, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in row.items()}
        error = _check_line(row, orders)
        if error:
            errors.append(_(CSV_LINE) % {"line": line, "error": error})
            continue
        values.setdefault(row["no_order"], {})[catalogue().get(row["kode"]).id] = row["hasil"]
    if errors:
        raise ValidationError(errors)
    for number, order_values in values.items():
        enter_results(actor=actor, order=orders[number], values=order_values, source="csv")
    audit.record(actor=actor, action="lab.import", target=facility, detail={"orders": sorted(values), "rows": len(rows)})
    return [orders[n] for n in values]


def _delimiter(content: str) -> str:
    first = content.lstrip("\ufeff").splitlines()[0] if content.strip() else ""
    return ";" if first.count(";") > first.count(",") else ","


def _check_line(row: dict, orders: dict) -> str:
    """What is wrong with one line of an analyser file; '' when it can be saved."""
    number, code = row.get("no_order", ""), row.get("kode", "")
    order = orders.get(number)
    if order is None:
        return _(CSV_UNKNOWN_ORDER) % {"number": number or "-"}
    patient = row.get("pasien", "")
    if patient and patient not in (order.patient.nik, *order.patient.medical_records.values_list("number", flat=True)):
        return _(CSV_WRONG_PATIENT) % {"patient": patient, "number": number}
    test = catalogue().get(code)
    if test is None:
        return _(CSV_UNKNOWN_TEST) % {"code": code or "-"}
    if order.status == LabOrder.Status.VALIDATED:
        return _(ALREADY_VALIDATED) % {"number": number}
    if not order.specimen_at:
        return _(NO_SPECIMEN) % {"number": number}
    if not order.results.filter(test_code=test.id).exists():
        return _(NOT_IN_ORDER) % {"test": test.name, "number": number}
    try:
        parse_value(test, row.get("hasil", ""))
    except ValidationError as error:
        return " ".join(error.messages)
    return ""
