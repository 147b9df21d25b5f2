"""Inspections scored and kept with their answers; counselling linked to the visit that sent the patient."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ilp.audit.models import AuditEntry
from ilp.kesling import selectors, services
from ilp.kesling.checklists import checklists
from ilp.kesling.models import Counselling, Inspection
from ilp.people.tests.factories import PatientFactory
from ilp.visits import services as visit_services
from ilp.visits.tests.factories import adult, walk_to

pytestmark = pytest.mark.django_db


def all_answers(kind: str, value: bool) -> dict[str, bool]:
    return {item.id: value for item in checklists()[kind].items}


def test_a_well_with_no_risk_is_low_risk_and_audited(perawat, desa):
    inspection = services.record_inspection(actor=perawat, kind="sam", desa=desa, object_name="Sumur gali Pak Amir",
                                            inspected_on=timezone.localdate(), answers=all_answers("sam", False))
    assert (inspection.score, inspection.category, inspection.category_label) == (0, "rendah", "Risiko pencemaran rendah")
    assert inspection.answers == all_answers("sam", False) and inspection.checklist_version == 1
    assert AuditEntry.objects.filter(action="kesling.inspection.create", target_id=str(inspection.pk)).exists()


@pytest.mark.parametrize(("changes", "message"), [
    ({"inspected_on": dt.date.today() + dt.timedelta(days=2)}, {"inspected_on": [services.IN_FUTURE]}),
    ({"object_name": "  "}, {"object_name": [services.NAME_REQUIRED]}),
])
def test_a_bad_inspection_is_refused_and_nothing_saved(perawat, desa, changes, message):
    values = {"kind": "ttu", "desa": desa, "object_name": "SDN 01", "inspected_on": timezone.localdate(),
              "answers": all_answers("ttu", True), **changes}
    with pytest.raises(ValidationError) as raised:
        services.record_inspection(actor=perawat, **values)
    assert raised.value.message_dict == message
    assert not Inspection.objects.exists() and not AuditEntry.objects.exists()


def test_an_unanswered_item_or_a_desa_elsewhere_is_refused(perawat, desa, desa_lain):
    partial = all_answers("tpp", True)
    partial.pop("air")
    with pytest.raises(ValidationError) as raised:
        services.record_inspection(actor=perawat, kind="tpp", desa=desa, object_name="RM Salero", answers=partial,
                                   inspected_on=timezone.localdate())
    assert raised.value.messages == [services.UNANSWERED % {"n": 1}]
    with pytest.raises(ValidationError) as raised:
        services.record_inspection(actor=perawat, kind="tpp", desa=desa_lain, object_name="RM Salero",
                                   answers=all_answers("tpp", True), inspected_on=timezone.localdate())
    assert raised.value.message_dict == {"desa": [services.DESA_OUTSIDE]}
    assert not Inspection.objects.exists()


def test_the_recap_counts_per_desa_and_category_for_the_puskesmas_and_the_dinkes(perawat, desa, kapus, dinkes, petugas_lain):
    today = timezone.localdate()
    for kind, value in (("rumah", True), ("rumah", False), ("rumah", True), ("sam", True)):
        services.record_inspection(actor=perawat, kind=kind, desa=desa, object_name="x", inspected_on=today,
                                   answers=all_answers(kind, value))
    start = today.replace(day=1)
    for user in (kapus, dinkes):
        rows = selectors.recap(user=user, start=start, end=today)
        assert [(r.desa, r.cells[0], r.cells[3]) for r in rows] == [(desa, [3, 2, 1], [1, 0, 0, 0, 1])]
    assert selectors.recap(user=petugas_lain, start=start, end=today) == []
    with pytest.raises(PermissionDenied):
        selectors.inspection_list(user=dinkes)


def test_a_diarrhoea_patient_sent_to_the_kesling_room_is_counselled_on_that_visit(pendaftaran, perawat, desa):
    patient = adult(desa=desa)
    entry = walk_to(pendaftaran, "klaster3", patient=patient)
    visit_services.refer_internally(actor=perawat, entry=entry, to_code="kesling", reason="Diare berulang: konseling air minum")
    waiting = list(selectors.kesling_room(user=perawat))
    assert [(e.visit, e.note) for e in waiting] == [(entry.visit, "Diare berulang: konseling air minum")]
    counselling = services.record_counselling(
        actor=perawat, patient=patient, visit=entry.visit, counselled_on=timezone.localdate(), problem="diare",
        findings="Sumur 5 m dari jamban", advice="Rebus air minum; CTPS", home_visit=True)
    assert (counselling.visit, counselling.facility, counselling.home_visit) == (entry.visit, perawat.facility, True)
    assert AuditEntry.objects.filter(action="kesling.counselling.create", patient_id=patient.pk).exists()


def test_counselling_before_birth_or_on_another_patients_visit_is_refused(pendaftaran, perawat, desa):
    patient = PatientFactory(desa=desa, birth_date=dt.date(2020, 5, 1))
    other = walk_to(pendaftaran, "klaster3").visit
    common = {"actor": perawat, "patient": patient, "problem": "dbd", "findings": "Jentik di bak mandi", "advice": "3M plus"}
    with pytest.raises(ValidationError) as raised:
        services.record_counselling(counselled_on=dt.date(2020, 4, 30), **common)
    assert raised.value.message_dict == {"counselled_on": [services.BEFORE_BIRTH]}
    with pytest.raises(ValidationError) as raised:
        services.record_counselling(counselled_on=timezone.localdate(), visit=other, **common)
    assert raised.value.messages == [services.VISIT_MISMATCH]
    assert not Counselling.objects.exists()


def test_a_cashier_records_no_kesling_activity(puskesmas, desa):
    from conftest import make_user

    kasir = make_user("kasir", "kasir", facility=puskesmas)
    with pytest.raises(ValidationError):
        services.record_inspection(actor=kasir, kind="sam", desa=desa, object_name="x", inspected_on=timezone.localdate(),
                                   answers=all_answers("sam", False))


def test_the_demo_records_a_dozen_scored_inspections(perawat, puskesmas):
    import random

    from ilp.kesling import demo

    PatientFactory(desa=puskesmas.wilayah.order_by("code").first(), birth_date=dt.date(1980, 1, 1))
    summary = demo.seed(puskesmas=puskesmas, today=timezone.localdate(), rng=random.Random(3))
    assert summary == "Kesling: 12 inspeksi, 1 konseling"
    assert Inspection.objects.count() == 12
    assert set(Inspection.objects.values_list("kind", flat=True)) == {"rumah", "ttu", "tpp", "sam"}


def test_the_recap_by_month_puts_each_inspection_in_its_month(perawat, desa, dinkes):
    today = timezone.localdate()
    services.record_inspection(actor=perawat, kind="rumah", desa=desa, object_name="x", inspected_on=today,
                               answers=all_answers("rumah", False))
    months = dict(selectors.recap_by_month(user=dinkes, year=today.year))
    assert len(months) == 12
    assert months[today.replace(day=1)][0] == [1, 0, 1]
    assert sum(cells[0][0] for cells in months.values()) == 1
