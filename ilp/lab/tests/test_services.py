"""Order, specimen, results and validation through the services, with what each leaves behind."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ilp.audit.models import AuditEntry
from ilp.clinical.models import Observation
from ilp.lab import services
from ilp.lab.models import LabOrder, LabResult
from ilp.satusehat.models import Delivery
from ilp.visits.tests.factories import entry_at, go_home, serve

from .factories import collected, klaster3_entry, ordered

pytestmark = pytest.mark.django_db


def test_an_order_from_klaster_3_sends_the_patient_to_the_lab_with_a_referral(doctor):
    entry = klaster3_entry(doctor)
    order = services.order_from_entry(actor=doctor, entry=entry, tests=["profil_lipid", "gdp"], clinical_note="DM?")
    assert [r.test_code for r in order.results.all()] == ["gdp", "kolesterol", "hdl", "ldl", "trigliserida"]
    assert order.status == LabOrder.Status.ORDERED and order.from_station.code == "klaster3"
    assert order.referral.to_station.code == "lab" and order.number in order.referral.reason
    assert entry_at(order.visit, "lab").status == "waiting"
    assert AuditEntry.objects.filter(action="lab.order", target_id=str(order.pk)).exists()


def test_unknown_test_codes_are_refused_and_nothing_is_ordered(doctor):
    entry = klaster3_entry(doctor)
    with pytest.raises(ValidationError) as raised:
        services.order_from_entry(actor=doctor, entry=entry, tests=["hb", "kolera-x"])
    assert raised.value.message_dict == {"tests": ["Kode pemeriksaan tidak dikenal: kolera-x."]}
    assert not LabOrder.objects.exists() and not entry.visit.referrals.exists()
    assert entry_at(entry.visit, "klaster3").status == "in_service"


def test_an_order_without_tests_is_refused(doctor):
    with pytest.raises(ValidationError, match="Pilih minimal satu pemeriksaan"):
        services.order_from_entry(actor=doctor, entry=klaster3_entry(doctor), tests=[])


def test_the_lab_analyst_cannot_order(doctor, lab):
    entry = klaster3_entry(doctor)
    with pytest.raises(ValidationError, match="dokter, bidan atau perawat"):
        services.order_tests(actor=lab, patient=entry.visit.patient, visit=entry.visit, tests=["hb"])


def test_order_numbers_count_per_puskesmas_and_month(doctor):
    first, second = ordered(doctor), ordered(doctor)
    assert first.number.endswith("-0001") and second.number.endswith("-0002")
    assert first.number.startswith(f"LAB-{first.facility.code}-{timezone.localdate():%y%m}")


def test_specimen_is_recorded_once_with_who_and_when(doctor, lab):
    order = collected(doctor, lab)
    assert order.status == LabOrder.Status.COLLECTED and order.specimen_by == lab
    with pytest.raises(ValidationError, match="sudah diambil"):
        services.take_specimen(actor=lab, order=order)


def test_a_specimen_time_in_the_future_is_refused(doctor, lab):
    order = ordered(doctor)
    with pytest.raises(ValidationError, match="masa depan"):
        services.take_specimen(actor=lab, order=order, taken_at=timezone.now() + dt.timedelta(hours=2))
    order.refresh_from_db()
    assert order.specimen_at is None and order.status == LabOrder.Status.ORDERED


def test_results_need_the_specimen_first(doctor, lab):
    order = ordered(doctor)
    with pytest.raises(ValidationError, match="belum diambil"):
        services.enter_results(actor=lab, order=order, values={"hb": "12.5"})


def test_results_are_rounded_flagged_against_the_patients_sex_and_stored_with_the_range(doctor, lab):
    order = collected(doctor, lab, tests=["hb", "gdp"])  # adult woman
    services.enter_results(actor=lab, order=order, values={"hb": "11,86", "gdp": "131"})
    hb, gdp = order.results.order_by("position")
    assert (hb.value_quantity, hb.flag, hb.reference_text, hb.value_text) == (Decimal("11.900"), "L", "12,0–15,0", "11,9")
    assert (gdp.flag, gdp.reference_text) == ("H", "70–99")
    order.refresh_from_db()
    assert order.status == LabOrder.Status.RESULTED


def test_a_partial_entry_keeps_the_order_waiting_for_results(doctor, lab):
    order = collected(doctor, lab, tests=["hb", "gdp"])
    services.enter_results(actor=lab, order=order, values={"hb": "13", "gdp": ""})
    order.refresh_from_db()
    assert order.status == LabOrder.Status.COLLECTED


@pytest.mark.parametrize(("raw", "message"), [
    ("-3", "Glukosa darah puasa tidak boleh negatif."),
    ("2000", "Glukosa darah puasa 2000 mg/dL di luar rentang yang mungkin (10–1500); periksa kembali."),
    ("9", "Glukosa darah puasa 9 mg/dL di luar rentang yang mungkin (10–1500); periksa kembali."),
    ("abc", "Glukosa darah puasa: abc bukan angka."),
    ("NaN", "Glukosa darah puasa: NaN bukan angka."),
])
def test_bad_values_refuse_the_whole_entry(doctor, lab, raw, message):
    order = collected(doctor, lab, tests=["hb", "gdp"])
    with pytest.raises(ValidationError) as raised:
        services.enter_results(actor=lab, order=order, values={"hb": "13.0", "gdp": raw})
    assert raised.value.message_dict == {"gdp": [message]}
    assert not LabResult.objects.filter(order=order, entered_at__isnull=False).exists()


def test_a_qualitative_result_takes_an_option_code_or_its_label(doctor, lab):
    order = collected(doctor, lab, tests=["hiv", "urin_protein"])
    services.enter_results(actor=lab, order=order, values={"hiv": "Non-reaktif", "urin_protein": "2"})
    hiv, protein = order.results.get(test_code="hiv"), order.results.get(test_code="urin_protein")
    assert (hiv.value_code, hiv.flag) == ("nr", "") and (protein.value_code, protein.flag, protein.value_text) == ("2", "A", "+2")


def test_an_unknown_option_names_the_allowed_ones(doctor, lab):
    order = collected(doctor, lab, tests=["hiv"])
    with pytest.raises(ValidationError, match="pilih salah satu dari Non-reaktif, Reaktif"):
        services.enter_results(actor=lab, order=order, values={"hiv": "positif"})


def test_a_test_not_in_the_order_is_refused(doctor, lab):
    order = collected(doctor, lab, tests=["hb"])
    with pytest.raises(ValidationError, match="tidak ada dalam order"):
        services.enter_results(actor=lab, order=order, values={"hb": "13", "gds": "100"})
    assert not order.results.filter(value_quantity__isnull=False).exists()


def test_validation_needs_every_result(doctor, lab):
    order = collected(doctor, lab, tests=["hb", "gdp"])
    services.enter_results(actor=lab, order=order, values={"hb": "13"})
    with pytest.raises(ValidationError, match="Glukosa darah puasa belum ada hasilnya"):
        services.validate_order(actor=lab, order=order)


def test_validation_turns_numeric_results_into_loinc_observations_of_the_visit(doctor, lab):
    order = collected(doctor, lab, tests=["hb", "hiv"])
    services.enter_results(actor=lab, order=order, values={"hb": "10.2", "hiv": "nr"})
    services.validate_order(actor=lab, order=order)
    observation = Observation.objects.get(visit=order.visit, source__startswith="lab:")
    assert (observation.system, observation.code, observation.value_quantity, observation.unit) == (
        "http://loinc.org", "718-7", Decimal("10.200"), "g/dL")
    assert observation.effective_at == order.specimen_at and observation.source == "lab:katalog-lab-puskesmas@1"
    order.refresh_from_db()
    assert order.status == LabOrder.Status.VALIDATED and order.validated_by == lab
    with pytest.raises(ValidationError, match="sudah divalidasi"):
        services.enter_results(actor=lab, order=order, values={"hb": "11"})


def test_a_result_validated_after_the_visit_ended_is_still_queued_for_satusehat(doctor, lab):
    order = collected(doctor, lab, tests=["hb"])
    services.enter_results(actor=lab, order=order, values={"hb": "12.5"})
    lab_entry = serve(lab, order.visit, "lab")
    go_home(lab, lab_entry, via_pharmacy=False)
    assert Delivery.objects.filter(resource_type="Encounter", visit=order.visit).exists()  # the visit went out
    services.validate_order(actor=lab, order=order)
    observation = Observation.objects.get(visit=order.visit, code="718-7")
    assert Delivery.objects.filter(resource_type="Observation", local_id=observation.pk).exists()


def test_only_the_analyst_validates(doctor, lab):
    order = collected(doctor, lab)
    services.enter_results(actor=lab, order=order, values={"hb": "13"})
    with pytest.raises(ValidationError, match="analis laboratorium"):
        services.validate_order(actor=doctor, order=order)
