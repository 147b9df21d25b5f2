"""Writes on clinical facts that are not part of a package: diagnoses (ICD-10)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.indicators import facts

from . import icd10
from .models import Condition

UNKNOWN_CODE = "Kode ICD-10 %(code)s tidak dikenal; pilih dari daftar saran."
NOT_A_CLINICIAN = "Diagnosis dicatat oleh dokter, bidan atau perawat."
NO_PATIENT = "Pasien belum terdaftar pada kunjungan ini."
CLINICAL_ROLES = {"dokter", "bidan", "perawat", "gizi"}


@transaction.atomic
def record_diagnosis(*, actor, visit, code: str, case: str, primary: bool = True) -> Condition:
    """A diagnosis for the visit's patient; counted in LB1 as a new or an old case."""
    if actor.role not in CLINICAL_ROLES:
        raise ValidationError(_(NOT_A_CLINICIAN))
    if not visit.patient_id:
        raise ValidationError(_(NO_PATIENT))
    code = icd10.normalize(code)
    if not icd10.is_diagnosis_code(code):
        raise ValidationError({"code": [_(UNKNOWN_CODE) % {"code": code or "-"}]})
    condition = Condition.objects.create(
        patient=visit.patient, visit=visit, facility=visit.facility, code=code, display=icd10.title(code), case=case,
        primary=primary, recorded_date=visit.date, recorded_at=timezone.now(), recorder=actor)
    facts.record_condition_facts(condition)
    audit.record(actor=actor, action="condition.create", target=condition, detail={"code": code})
    return condition
