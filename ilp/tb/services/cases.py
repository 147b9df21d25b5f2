"""A TB case along the cascade (DOMAIN.md §5): terduga → test ordered → result → diagnosis → OAT → outcome."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.accounts.models import Role
from ilp.audit import services as audit
from ilp.indicators import facts

from ..models import TbCase, TbTest

CLINICIANS = frozenset({Role.DOKTER, Role.BIDAN, Role.PERAWAT})
LAB = CLINICIANS | {Role.ANALIS_LAB}
DOCTORS = frozenset({Role.DOKTER})
TREATERS = frozenset({Role.DOKTER, Role.PERAWAT})  # the TB programme nurse starts OAT on the doctor's diagnosis

NOT_ALLOWED = "Peran Anda tidak mencatat langkah ini di register TBC."
ONLY_DOCTOR = "Diagnosis TBC ditetapkan oleh dokter."
IN_FUTURE = "Tanggal tidak boleh di masa depan."
BEFORE_BIRTH = "Tanggal tidak boleh sebelum tanggal lahir pasien."
BEFORE_STEP = "Tanggal tidak boleh sebelum %(step)s (%(date)s)."
OPEN_CASE = "Pasien ini masih terdaftar sebagai kasus TBC (%(stage)s sejak %(date)s)."
NOT_A_PRESUMPTIVE_SCREENING = "Catatan skrining ini bukan milik pasien atau tidak menunjukkan terduga TBC."
CASE_CLOSED = "Kasus ini sudah ditutup (%(stage)s)."
RESULT_ALREADY = "Hasil pemeriksaan ini sudah dicatat."
RESULT_NOT_FOR_TEST = "Hasil %(result)s bukan hasil %(kind)s."
ALREADY_DIAGNOSED = "Diagnosis kasus ini sudah ditetapkan."
NO_RESULT_YET = "Diagnosis menunggu hasil pemeriksaan (catat hasil TCM/BTA atau foto toraks dulu)."
NO_POSITIVE_RESULT = "Terkonfirmasi bakteriologis memerlukan hasil TCM (MTB terdeteksi) atau BTA positif."
SITE_REQUIRED = "Pilih lokasi anatomi (paru / ekstra paru)."
RESISTANCE_REQUIRED = "Pilih status resistansi obat."
RIF_RESISTANT = "TCM menunjukkan resistan rifampisin: status harus TBC RO."
NOT_DIAGNOSED_TB = "Pengobatan dimulai setelah dokter menetapkan diagnosis TBC."
REGIMEN_MISMATCH = "Paduan OAT tidak sesuai status resistansi (%(resistance)s)."
NOT_ON_TREATMENT = "Hasil pengobatan dicatat untuk pasien yang sedang diobati."

RESULTS_BY_KIND = {
    TbTest.Kind.TCM: {TbTest.Result.MTB_RIF_SENSITIF, TbTest.Result.MTB_RIF_RESISTAN, TbTest.Result.MTB_RIF_INDETERMINATE,
                      TbTest.Result.MTB_NEGATIF, TbTest.Result.TIDAK_VALID},
    TbTest.Kind.BTA: {TbTest.Result.BTA_POSITIF, TbTest.Result.BTA_NEGATIF},
    TbTest.Kind.CXR: {TbTest.Result.CXR_SUGESTIF, TbTest.Result.CXR_NORMAL},
}
POSITIVE = {TbTest.Result.MTB_RIF_SENSITIF, TbTest.Result.MTB_RIF_RESISTAN, TbTest.Result.MTB_RIF_INDETERMINATE,
            TbTest.Result.BTA_POSITIF}


def require_role(actor, roles, message: str = NOT_ALLOWED) -> None:
    if actor.role not in roles or not actor.sees_patients:
        raise ValidationError(_(message))


def check_date(field: str, day: dt.date, *, birth_date: dt.date, after: tuple[str, dt.date | None] = ("", None)) -> None:
    """No step in the future, before birth, or before the step it follows (DOMAIN.md §6.4)."""
    if day > timezone.localdate():
        raise ValidationError({field: [_(IN_FUTURE)]})
    if day < birth_date:
        raise ValidationError({field: [_(BEFORE_BIRTH)]})
    step, earliest = after
    if earliest and day < earliest:
        raise ValidationError({field: [_(BEFORE_STEP) % {"step": step, "date": f"{earliest:%d-%m-%Y}"}]})


def _save(case: TbCase, *, actor, action: str, detail: dict | None = None) -> TbCase:
    case.save()
    facts.record_tb_case_facts(case)
    audit.record(actor=actor, action=action, target=case, detail=detail or {})
    return case


@transaction.atomic
def register_presumptive(*, actor, patient, presumptive_on: dt.date, source: str, screening=None) -> TbCase:
    """Enter a terduga TBC in the register (from a screening flag, a contact investigation or a referral)."""
    require_role(actor, CLINICIANS | {Role.KADER})
    check_date("presumptive_on", presumptive_on, birth_date=patient.birth_date)
    if screening is not None and (screening.patient_id != patient.pk
                                  or not any(f["code"] == "terduga_tbc" for f in screening.flags)):
        raise ValidationError({"screening": [_(NOT_A_PRESUMPTIVE_SCREENING)]})
    if open_case := patient.tb_cases.exclude(stage__in=[TbCase.Stage.BUKAN_TBC, TbCase.Stage.SELESAI]).first():
        raise ValidationError(_(OPEN_CASE) % {"stage": open_case.get_stage_display(), "date": f"{open_case.presumptive_on:%d-%m-%Y}"})
    try:
        with transaction.atomic():
            case = TbCase.objects.create(patient=patient, facility=actor.facility.puskesmas, source=source, screening=screening,
                                         presumptive_on=presumptive_on, created_by=actor)
    except IntegrityError:
        # Two clerks at once: the constraint keeps one open case; say so like the check above.
        raise ValidationError(_(OPEN_CASE) % {"stage": TbCase.Stage.TERDUGA.label, "date": f"{presumptive_on:%d-%m-%Y}"}) from None
    facts.record_tb_case_facts(case)
    audit.record(actor=actor, action="tb.presumptive", target=case, detail={"source": source})
    return case


def _require_open(case: TbCase) -> None:
    if not case.is_open:
        raise ValidationError(_(CASE_CLOSED) % {"stage": case.get_stage_display()})


@transaction.atomic
def order_test(*, actor, case: TbCase, kind: str, ordered_on: dt.date, sample_place: str = "") -> TbTest:
    """A TCM (2 sputum samples, may be collected at the Pustu), smear or chest X-ray requested for the case."""
    require_role(actor, CLINICIANS)
    case = TbCase.objects.select_for_update(of=("self",)).get(pk=case.pk)
    _require_open(case)
    check_date("ordered_on", ordered_on, birth_date=case.patient.birth_date, after=(_("tanggal terduga"), case.presumptive_on))
    test = TbTest.objects.create(case=case, kind=kind, ordered_on=ordered_on, sample_place=sample_place, ordered_by=actor)
    if case.stage == TbCase.Stage.TERDUGA:
        case.stage = TbCase.Stage.DIPERIKSA
    _save(case, actor=actor, action="tb.test_order", detail={"kind": kind})
    return test


@transaction.atomic
def record_test_result(*, actor, test: TbTest, result: str, result_on: dt.date) -> TbTest:
    """The result of an ordered test; a first TCM/BTA result makes the terduga 'diperiksa' in the cascade."""
    require_role(actor, LAB)
    test = TbTest.objects.select_for_update(of=("self",)).select_related("case__patient").get(pk=test.pk)
    if test.result:
        raise ValidationError(_(RESULT_ALREADY))
    if result not in RESULTS_BY_KIND[test.kind]:
        raise ValidationError({"result": [_(RESULT_NOT_FOR_TEST) % {"result": result, "kind": test.get_kind_display()}]})
    check_date("result_on", result_on, birth_date=test.case.patient.birth_date, after=(_("tanggal permintaan"), test.ordered_on))
    test.result, test.result_on, test.result_by = result, result_on, actor
    test.save(update_fields=["result", "result_on", "result_by"])
    facts.record_tb_case_facts(test.case)
    audit.record(actor=actor, action="tb.test_result", target=test.case, detail={"test": test.pk, "result": result})
    return test


def _check_diagnosis(case: TbCase, *, diagnosis: str, site: str, resistance: str) -> None:
    results = {t.result for t in case.tests.all() if t.result}
    if not results:
        raise ValidationError(_(NO_RESULT_YET))
    if diagnosis == TbCase.Diagnosis.BUKAN_TBC:
        return
    if diagnosis == TbCase.Diagnosis.BAKTERIOLOGIS and not results & POSITIVE:
        raise ValidationError({"diagnosis": [_(NO_POSITIVE_RESULT)]})
    if not site:
        raise ValidationError({"site": [_(SITE_REQUIRED)]})
    if not resistance:
        raise ValidationError({"resistance": [_(RESISTANCE_REQUIRED)]})
    if TbTest.Result.MTB_RIF_RESISTAN in results and resistance != TbCase.Resistance.RESISTAN:
        raise ValidationError({"resistance": [_(RIF_RESISTANT)]})


@transaction.atomic
def record_diagnosis(*, actor, case: TbCase, diagnosis: str, diagnosed_on: dt.date, site: str = "",
                     resistance: str = "") -> TbCase:
    """The doctor's diagnosis: bacteriologically confirmed, clinically diagnosed, or not TB (closes the case)."""
    require_role(actor, DOCTORS, ONLY_DOCTOR)
    case = TbCase.objects.select_for_update(of=("self",)).select_related("patient").get(pk=case.pk)
    _require_open(case)
    if case.diagnosis:
        raise ValidationError(_(ALREADY_DIAGNOSED))
    check_date("diagnosed_on", diagnosed_on, birth_date=case.patient.birth_date, after=(_("tanggal terduga"), case.presumptive_on))
    _check_diagnosis(case, diagnosis=diagnosis, site=site, resistance=resistance)
    is_tb = diagnosis != TbCase.Diagnosis.BUKAN_TBC
    case.diagnosis, case.diagnosed_on, case.diagnosed_by = diagnosis, diagnosed_on, actor
    case.site, case.resistance = (site, resistance) if is_tb else ("", "")
    case.stage = TbCase.Stage.TBC if is_tb else TbCase.Stage.BUKAN_TBC
    return _save(case, actor=actor, action="tb.diagnosis", detail={"diagnosis": diagnosis})


@transaction.atomic
def start_treatment(*, actor, case: TbCase, started_on: dt.date, regimen: str, hiv_status: str = "",
                    dm_status: str = "") -> TbCase:
    """OAT started; the HIV test (SPM) and DM screen (KMK) every TB patient gets are recorded with it."""
    require_role(actor, TREATERS)
    case = TbCase.objects.select_for_update(of=("self",)).select_related("patient").get(pk=case.pk)
    if case.stage != TbCase.Stage.TBC:
        raise ValidationError(_(NOT_DIAGNOSED_TB))
    check_date("started_on", started_on, birth_date=case.patient.birth_date, after=(_("tanggal diagnosis"), case.diagnosed_on))
    if (regimen == TbCase.Regimen.RO) != (case.resistance == TbCase.Resistance.RESISTAN):
        raise ValidationError({"regimen": [_(REGIMEN_MISMATCH) % {"resistance": case.get_resistance_display()}]})
    case.treatment_started_on, case.regimen, case.stage = started_on, regimen, TbCase.Stage.PENGOBATAN
    case.hiv_status, case.dm_status = hiv_status, dm_status
    return _save(case, actor=actor, action="tb.treatment_start", detail={"regimen": regimen})


@transaction.atomic
def record_outcome(*, actor, case: TbCase, outcome: str, outcome_on: dt.date) -> TbCase:
    """The treatment outcome closes the case."""
    require_role(actor, TREATERS)
    case = TbCase.objects.select_for_update(of=("self",)).select_related("patient").get(pk=case.pk)
    if case.stage != TbCase.Stage.PENGOBATAN:
        raise ValidationError(_(NOT_ON_TREATMENT))
    check_date("outcome_on", outcome_on, birth_date=case.patient.birth_date,
               after=(_("tanggal mulai OAT"), case.treatment_started_on))
    case.outcome, case.outcome_on, case.stage = outcome, outcome_on, TbCase.Stage.SELESAI
    return _save(case, actor=actor, action="tb.outcome", detail={"outcome": outcome})
