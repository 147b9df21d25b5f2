"""Pandu PTM (SOP step d): measurements stored as the visit's observations, hard limits per DOMAIN §6.4."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ilp.audit.models import AuditEntry
from ilp.clinical.models import Observation
from ilp.clinical.vitals import SBP_NOT_ABOVE_DBP
from ilp.visits import services
from ilp.visits.services.registration import NO_VITALS, WRONG_STATION

from .factories import VITALS, adult, arrive, events, measure, register, serve

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_pandu_ptm(pendaftaran):
    return serve(pendaftaran, arrive(pendaftaran), "pandu_ptm")


def nothing_stored(entry) -> bool:
    return (not Observation.objects.exists() and "vitals" not in events(entry.visit)
            and not AuditEntry.objects.filter(action="observation.create").exists())


def test_measurements_become_coded_observations_of_the_visit(pendaftaran, at_pandu_ptm):
    services.record_vitals(actor=pendaftaran, entry=at_pandu_ptm,
                           values={"sbp": Decimal("128"), "dbp": Decimal("82"), "weight": Decimal("61.5"),
                                   "height": Decimal("158"), "temperature": None})
    stored = {o.code: (o.value_quantity, o.unit, o.source, o.performer) for o in at_pandu_ptm.visit.observations.all()}
    assert stored == {
        "8480-6": (Decimal("128"), "mm[Hg]", "pandu_ptm", pendaftaran),
        "8462-4": (Decimal("82"), "mm[Hg]", "pandu_ptm", pendaftaran),
        "29463-7": (Decimal("61.5"), "kg", "pandu_ptm", pendaftaran),
        "8302-2": (Decimal("158"), "cm", "pandu_ptm", pendaftaran),
    }
    assert at_pandu_ptm.visit.events.get(kind="vitals").detail == {"measured": ["dbp", "height", "sbp", "weight"]}
    assert AuditEntry.objects.filter(action="observation.create").count() == 1


def test_measurements_before_registration_have_no_patient_yet(pendaftaran, at_pandu_ptm):
    services.record_vitals(actor=pendaftaran, entry=at_pandu_ptm, values=VITALS)
    assert set(at_pandu_ptm.visit.observations.values_list("patient", flat=True)) == {None}


def test_registration_attaches_the_patient_to_the_measurements_taken_before(pendaftaran):
    visit = arrive(pendaftaran)
    measure(pendaftaran, visit)
    patient = adult()
    register(pendaftaran, visit, patient)
    assert visit.observations.count() == len(VITALS)
    assert set(visit.observations.values_list("patient", flat=True)) == {patient.pk}


@pytest.mark.parametrize("values", [
    {"sbp": "50", "dbp": "20"}, {"sbp": "300", "dbp": "200"}, {"weight": "0.3", "height": "30"},
    {"weight": "300", "height": "250"},
], ids=["lowest-bp", "highest-bp", "lowest-body", "highest-body"])
def test_values_at_the_hard_limits_are_stored(pendaftaran, at_pandu_ptm, values):
    services.record_vitals(actor=pendaftaran, entry=at_pandu_ptm, values={k: Decimal(v) for k, v in values.items()})
    assert sorted(at_pandu_ptm.visit.observations.values_list("value_quantity", flat=True)) == sorted(
        Decimal(v) for v in values.values())


@pytest.mark.parametrize(("field", "value", "message"), [
    ("sbp", "49", "Tekanan darah sistolik 49 mm[Hg] di luar batas yang mungkin (50–300)."),
    ("sbp", "301", "Tekanan darah sistolik 301 mm[Hg] di luar batas yang mungkin (50–300)."),
    ("dbp", "19", "Tekanan darah diastolik 19 mm[Hg] di luar batas yang mungkin (20–200)."),
    ("dbp", "201", "Tekanan darah diastolik 201 mm[Hg] di luar batas yang mungkin (20–200)."),
    ("weight", "0.2", "Berat badan 0.2 kg di luar batas yang mungkin (0.3–300)."),
    ("weight", "301", "Berat badan 301 kg di luar batas yang mungkin (0.3–300)."),
    ("height", "29", "Tinggi badan 29 cm di luar batas yang mungkin (30–250)."),
    ("height", "251", "Tinggi badan 251 cm di luar batas yang mungkin (30–250)."),
])
def test_a_value_beyond_the_hard_limits_is_refused_and_nothing_is_stored(pendaftaran, at_pandu_ptm, field, value, message):
    values = {"weight": Decimal("60"), "height": Decimal("160")} | {field: Decimal(value)}
    if field == "dbp":
        values["sbp"] = Decimal("250")
    with pytest.raises(ValidationError) as raised:
        services.record_vitals(actor=pendaftaran, entry=at_pandu_ptm, values=values)
    assert raised.value.message_dict == {field: [message]}
    assert nothing_stored(at_pandu_ptm)


@pytest.mark.parametrize(("sbp", "dbp"), [("80", "90"), ("90", "90")])
def test_systolic_must_be_above_diastolic(pendaftaran, at_pandu_ptm, sbp, dbp):
    with pytest.raises(ValidationError) as raised:
        services.record_vitals(actor=pendaftaran, entry=at_pandu_ptm,
                               values={"sbp": Decimal(sbp), "dbp": Decimal(dbp), "weight": Decimal("60")})
    assert raised.value.message_dict == {"sbp": [SBP_NOT_ABOVE_DBP]}
    assert nothing_stored(at_pandu_ptm)


def test_an_empty_form_is_refused(pendaftaran, at_pandu_ptm):
    with pytest.raises(ValidationError) as raised:
        services.record_vitals(actor=pendaftaran, entry=at_pandu_ptm, values={"sbp": None, "weight": None})
    assert raised.value.messages == [NO_VITALS]
    assert nothing_stored(at_pandu_ptm)


def test_measurements_are_taken_at_pandu_ptm_only(pendaftaran):
    visit = arrive(pendaftaran)
    measure(pendaftaran, visit)
    loket = serve(pendaftaran, visit, "pendaftaran")
    with pytest.raises(ValidationError) as raised:
        services.record_vitals(actor=pendaftaran, entry=loket, values={"weight": Decimal("60")})
    assert raised.value.messages == [WRONG_STATION % {"station": "Pandu PTM", "here": "Loket Pendaftaran (Klaster 1)"}]
    assert visit.observations.count() == len(VITALS)
