"""record_immunization: doses in and outside their window, refused dates and doses, audit, nothing half-written."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ilp.audit.models import AuditEntry
from ilp.immunization import services
from ilp.immunization.models import Immunization
from ilp.people.tests.factories import PatientFactory

from .conftest import BORN, TODAY
from .factories import give


def record(actor, patient, code_vaccine: str, dose: int, given_on: dt.date, **kwargs) -> Immunization:
    return services.record_immunization(actor=actor, patient=patient, vaccine=code_vaccine, dose=dose, given_on=given_on,
                                        **kwargs)


def test_a_dose_on_time_is_recorded_with_the_schedule_version_and_audited(bidan, baby):
    given = record(bidan, baby, "BCG", 1, BORN + dt.timedelta(days=10), lot_number=" 0123A ")
    assert (given.outside_window, given.warnings, given.schedule_version) == (False, [], "KMK-2023")
    assert (given.performer, given.facility, given.lot_number, given.status) == (bidan, bidan.facility, "0123A", "completed")
    entry = AuditEntry.objects.get(action="immunization.record")
    assert (entry.target_id, entry.patient_id) == (str(given.pk), baby.pk)


def test_a_dose_outside_its_window_is_recorded_as_given_with_a_warning(bidan, baby):
    given = record(bidan, baby, "MR", 1, dt.date(2026, 2, 1))
    assert given.status == Immunization.Status.COMPLETED
    assert given.outside_window is True
    assert given.warnings == ["MR1 di luar jadwal: dianjurkan 9 bulan."]


def test_a_dose_too_soon_after_the_previous_one_is_flagged(bidan, baby):
    give(baby, "DPT-HB-Hib1", dt.date(2025, 5, 20))
    given = record(bidan, baby, "DPT-HB-Hib", 2, dt.date(2025, 6, 12))
    assert given.outside_window
    assert given.warnings == ["DPT-HB-Hib2 diberikan kurang dari 28 hari setelah DPT-HB-Hib1."]


def test_a_missing_earlier_dose_is_said_but_keeps_the_dose_in_window(bidan, baby):
    given = record(bidan, baby, "OPV", 2, dt.date(2025, 5, 12))
    assert given.warnings == ["OPV1 belum tercatat."]
    assert given.outside_window is False


@pytest.mark.parametrize("given_on, message", [
    (TODAY + dt.timedelta(days=1), services.IN_FUTURE), (BORN - dt.timedelta(days=1), services.BEFORE_BIRTH),
])
def test_a_date_in_the_future_or_before_birth_is_refused_and_nothing_is_written(bidan, baby, given_on, message):
    with pytest.raises(ValidationError) as raised:
        record(bidan, baby, "BCG", 1, given_on)
    assert raised.value.message_dict == {"given_on": [message]}
    assert not Immunization.objects.exists()
    assert not AuditEntry.objects.filter(action="immunization.record").exists()


def test_the_same_dose_twice_is_refused(bidan, baby):
    give(baby, "BCG", dt.date(2025, 3, 20))
    with pytest.raises(ValidationError) as raised:
        record(bidan, baby, "BCG", 1, dt.date(2025, 4, 1))
    assert raised.value.message_dict == {"dose": ["BCG sudah tercatat pada 20-03-2025."]}
    assert baby.immunizations.count() == 1


def test_a_dose_the_schedule_does_not_have_is_refused(bidan, baby):
    with pytest.raises(ValidationError) as raised:
        record(bidan, baby, "BCG", 2, dt.date(2025, 4, 1))
    assert raised.value.message_dict == {"dose": ["Dosis BCG ke-2 tidak ada dalam jadwal KMK-2023."]}


def test_hpv_is_for_girls(bidan, db):
    boy = PatientFactory(sex="M", birth_date=dt.date(2015, 1, 5))
    with pytest.raises(ValidationError) as raised:
        record(bidan, boy, "HPV", 1, dt.date(2025, 8, 12))
    assert raised.value.message_dict == {"dose": [services.GIRLS_ONLY % {"dose": "HPV1"}]}


def test_a_kader_does_not_record_vaccines(kader, baby):
    with pytest.raises(ValidationError) as raised:
        record(kader, baby, "BCG", 1, dt.date(2025, 3, 20))
    assert raised.value.messages == [services.NOT_ALLOWED]


def test_the_place_must_be_a_facility_in_scope(bidan, baby, puskesmas_lain):
    with pytest.raises(ValidationError) as raised:
        record(bidan, baby, "BCG", 1, dt.date(2025, 3, 20), facility=puskesmas_lain)
    assert raised.value.message_dict == {"facility": [services.FACILITY_OUT_OF_SCOPE]}


def test_a_dose_at_our_posyandu_is_recorded_there(bidan, baby, posyandu):
    given = record(bidan, baby, "BCG", 1, dt.date(2025, 3, 20), facility=posyandu)
    assert given.facility == posyandu
