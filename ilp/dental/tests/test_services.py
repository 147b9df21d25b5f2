"""Odontogram writes: statuses, carry-over, treatments with ICD-9-CM and ICD-10, and what is refused."""

import pytest
from django.core.exceptions import ValidationError

from ilp.audit.models import AuditEntry
from ilp.clinical.models import Condition
from ilp.dental import services
from ilp.dental.models import DentalExam, DentalTreatment
from ilp.people.tests.factories import PatientFactory

from .factories import D, visit_of


def test_setting_a_tooth_opens_the_exam_and_counts_dmft(terapis, visit):
    services.set_tooth_status(actor=terapis, visit=visit, tooth=36, status="karies")
    exam = services.set_tooth_status(actor=terapis, visit=visit, tooth=16, status="tumpatan")
    assert services.chart_of(exam) == {16: "tumpatan", 36: "karies"}
    assert (exam.dmft_d, exam.dmft_m, exam.dmft_f, exam.dmft) == (1, 0, 1, 2)
    assert AuditEntry.objects.filter(action="dental.tooth", patient_id=visit.patient_id).count() == 2


def test_sound_removes_the_row(terapis, visit):
    services.set_tooth_status(actor=terapis, visit=visit, tooth=36, status="karies")
    exam = services.set_tooth_status(actor=terapis, visit=visit, tooth=36, status="sehat")
    assert services.chart_of(exam) == {} and exam.dmft == 0


def test_the_chart_carries_over_from_the_previous_visit(terapis, pendaftaran, puskesmas, pasien, visit):
    earlier = visit_of(pendaftaran, puskesmas, pasien, on=D(2026, 1, 5))
    services.set_tooth_status(actor=terapis, visit=earlier, tooth=46, status="hilang_karies")
    services.set_tooth_status(actor=terapis, visit=earlier, tooth=36, status="karies")
    exam = services.set_tooth_status(actor=terapis, visit=visit, tooth=36, status="tumpatan")
    assert services.chart_of(exam) == {36: "tumpatan", 46: "hilang_karies"}
    assert exam.previous.visit == earlier
    assert exam.teeth.get(tooth=46).carried_over and not exam.teeth.get(tooth=36).carried_over
    assert services.chart_of(earlier.dental_exam) == {36: "karies", 46: "hilang_karies"}  # history untouched


def test_a_visit_with_only_scaling_keeps_the_carried_over_counts(dokter_gigi, pendaftaran, puskesmas, pasien, visit):
    earlier = visit_of(pendaftaran, puskesmas, pasien, on=D(2026, 1, 5))
    services.set_tooth_status(actor=dokter_gigi, visit=earlier, tooth=36, status="karies")
    services.set_tooth_status(actor=dokter_gigi, visit=earlier, tooth=16, status="tumpatan")
    services.record_treatment(actor=dokter_gigi, visit=visit, procedure_code="96.54", diagnosis_code="K03.6", case="baru")
    exam = DentalExam.objects.get(visit=visit)
    assert (exam.dmft_d, exam.dmft_m, exam.dmft_f) == (1, 0, 1)


@pytest.mark.parametrize("tooth", [19, 49, 56, 86, 0, 9])
def test_an_unknown_tooth_number_is_refused_and_nothing_is_saved(terapis, visit, tooth):
    with pytest.raises(ValidationError) as raised:
        services.set_tooth_status(actor=terapis, visit=visit, tooth=tooth, status="karies")
    assert raised.value.message_dict == {"tooth": [services.UNKNOWN_TOOTH % {"tooth": tooth}]}
    assert not DentalExam.objects.exists()


def test_persistence_is_for_primary_teeth_only(terapis, visit):
    with pytest.raises(ValidationError) as raised:
        services.set_tooth_status(actor=terapis, visit=visit, tooth=11, status="persistensi")
    assert raised.value.message_dict["status"] == [services.PERSISTENCE_PRIMARY % {"tooth": 11}]
    assert not DentalExam.objects.exists()


def test_a_lost_tooth_cannot_become_decayed_unless_corrected(terapis, visit):
    services.set_tooth_status(actor=terapis, visit=visit, tooth=46, status="hilang_karies")
    with pytest.raises(ValidationError) as raised:
        services.set_tooth_status(actor=terapis, visit=visit, tooth=46, status="karies")
    assert "sudah tercatat hilang" in raised.value.message_dict["status"][0]
    assert services.chart_of(visit.dental_exam) == {46: "hilang_karies"}
    exam = services.set_tooth_status(actor=terapis, visit=visit, tooth=46, status="gigi_tiruan")
    assert services.chart_of(exam) == {46: "gigi_tiruan"}
    exam = services.set_tooth_status(actor=terapis, visit=visit, tooth=46, status="karies", correction=True)
    assert services.chart_of(exam) == {46: "karies"}


def test_an_adult_primary_tooth_is_only_persistence_or_lost(terapis, visit):
    with pytest.raises(ValidationError) as raised:
        services.set_tooth_status(actor=terapis, visit=visit, tooth=53, status="karies")
    assert "gigi sulung 53" in raised.value.message_dict["status"][0]
    exam = services.set_tooth_status(actor=terapis, visit=visit, tooth=53, status="persistensi")
    assert services.chart_of(exam) == {53: "persistensi"}


@pytest.mark.parametrize(("birth", "allowed"), [(D(2023, 6, 1), False), (D(2020, 6, 1), True)])
def test_a_toddler_has_no_decayed_permanent_tooth(terapis, pendaftaran, puskesmas, desa, birth, allowed):
    child = PatientFactory(sex="F", birth_date=birth, desa=desa)
    visit = visit_of(pendaftaran, puskesmas, child, on=D(2026, 6, 1))  # 3 years old, then 6
    if allowed:
        assert services.set_tooth_status(actor=terapis, visit=visit, tooth=36, status="karies").dmft == 1
    else:
        with pytest.raises(ValidationError):
            services.set_tooth_status(actor=terapis, visit=visit, tooth=36, status="karies")


def test_only_dental_staff_chart(bidan, visit):
    with pytest.raises(ValidationError) as raised:
        services.set_tooth_status(actor=bidan, visit=visit, tooth=36, status="karies")
    assert raised.value.messages == [services.NOT_DENTAL]


def test_a_filling_records_the_procedure_the_diagnosis_and_the_new_status(dokter_gigi, visit):
    services.set_tooth_status(actor=dokter_gigi, visit=visit, tooth=36, status="karies")
    treatment = services.record_treatment(actor=dokter_gigi, visit=visit, procedure_code="23.2", tooth=36,
                                          diagnosis_code="K02.1", case="baru")
    assert (treatment.procedure_code, treatment.tooth, treatment.catalogue_version) == ("23.2", 36, "tindakan-gigi@1")
    condition = Condition.objects.get(visit=visit)  # counted by LB1 as any diagnosis of the visit
    assert (condition.code, condition.case, treatment.condition) == ("K02.1", "baru", condition)
    exam = visit.dental_exam
    exam.refresh_from_db()
    assert services.chart_of(exam) == {36: "tumpatan"} and (exam.dmft_d, exam.dmft_f) == (0, 1)


def test_an_extraction_of_a_primary_tooth_counts_as_e(dokter_gigi, pendaftaran, puskesmas, desa):
    child = PatientFactory(sex="M", birth_date=D(2019, 2, 1), desa=desa)
    visit = visit_of(pendaftaran, puskesmas, child, on=D(2026, 3, 1))
    services.set_tooth_status(actor=dokter_gigi, visit=visit, tooth=84, status="sisa_akar")
    services.record_treatment(actor=dokter_gigi, visit=visit, procedure_code="23.01", tooth=84, diagnosis_code="K08.3",
                              case="baru")
    exam = DentalExam.objects.get(visit=visit)
    assert services.chart_of(exam) == {84: "hilang_karies"} and (exam.deft_d, exam.deft_e, exam.deft_f) == (0, 1, 0)


def test_scaling_is_for_the_whole_mouth(dokter_gigi, visit):
    treatment = services.record_treatment(actor=dokter_gigi, visit=visit, procedure_code="96.54", diagnosis_code="K03.6",
                                          case="baru")
    assert treatment.tooth is None
    with pytest.raises(ValidationError) as raised:
        services.record_treatment(actor=dokter_gigi, visit=visit, procedure_code="96.54", tooth=11, diagnosis_code="K03.6",
                                  case="baru")
    assert "seluruh mulut" in raised.value.message_dict["tooth"][0]


@pytest.mark.parametrize(("code", "tooth", "before", "field", "words"), [
    ("23.09", 54, None, "tooth", "hanya untuk gigi tetap"),  # permanent extraction on a primary tooth
    ("23.01", 36, None, "tooth", "hanya untuk gigi sulung"),
    ("23.2", 46, "hilang_karies", "procedure", "tidak bisa dilakukan"),  # filling a missing tooth
    ("23.11", 36, "karies", "procedure", "tidak bisa dilakukan"),  # root removal needs a root remnant
    ("23.2", None, None, "tooth", "perlu nomor gigi"),
    ("99.99", 36, None, "procedure", "tidak ada di katalog"),
])
def test_impossible_treatments_are_refused_and_nothing_is_half_saved(dokter_gigi, pendaftaran, puskesmas, desa, code, tooth,
                                                                     before, field, words):
    child = PatientFactory(sex="M", birth_date=D(2016, 2, 1), desa=desa)  # 10 years: both dentitions
    visit = visit_of(pendaftaran, puskesmas, child)
    if before:
        services.set_tooth_status(actor=dokter_gigi, visit=visit, tooth=tooth, status=before)
    with pytest.raises(ValidationError) as raised:
        services.record_treatment(actor=dokter_gigi, visit=visit, procedure_code=code, tooth=tooth, diagnosis_code="K02.1",
                                  case="baru")
    assert words in raised.value.message_dict[field][0]
    assert not DentalTreatment.objects.exists() and not Condition.objects.exists()


def test_an_unknown_diagnosis_code_leaves_no_treatment(dokter_gigi, visit):
    with pytest.raises(ValidationError) as raised:
        services.record_treatment(actor=dokter_gigi, visit=visit, procedure_code="96.54", diagnosis_code="K99.9", case="baru")
    assert "K99.9" in raised.value.message_dict["code"][0]
    assert not DentalTreatment.objects.exists() and not DentalExam.objects.exists()


def test_lb1_counts_the_caries_of_a_filling(dokter_gigi, pendaftaran, puskesmas, pasien):
    from ilp.reports.area import area_for_code
    from ilp.reports.builders import build_report
    from ilp.reports.tables import Month
    from ilp.reports.tests.conftest import value

    visit = visit_of(pendaftaran, puskesmas, pasien, on=D(2026, 1, 15))
    services.set_tooth_status(actor=dokter_gigi, visit=visit, tooth=36, status="karies")
    services.record_treatment(actor=dokter_gigi, visit=visit, procedure_code="23.2", tooth=36, diagnosis_code="K02.1",
                              case="baru")
    table = build_report("lb1", area=area_for_code(puskesmas.code), month=Month(2026, 1)).tables[0]
    assert value(table, code="K02", path=("20-44 th", "Baru", "L")) == 1  # a man of 35, a new case
