"""ANC terpadu (anc.yaml): KEK, anaemia bands, hypertension, preeclampsia, pregnancy dates, limits, storage.

Cut-offs from DOMAIN.md §1: KEK LiLA < 23.5 cm; anaemia Hb < 11.0 (mild 10.0–10.9, moderate 7.0–9.9,
severe < 7.0; WHO 2011); HT ≥ 140/90; trimesters by completed days 0–90, 91–174, ≥ 175.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ilp.audit.models import AuditEntry
from ilp.clinical.models import Observation
from ilp.packages.engine.evaluate import IN_FUTURE, OUT_OF_HARD
from ilp.packages.models import PackageRecord
from ilp.packages.services import NeedsConfirmation
from ilp.packages.tests.factories import TODAY, flag_codes, mother
from ilp.visits.models import FollowUp

LOINC = "http://loinc.org"


def anc(**values) -> dict:
    """A plain normal contact at 100 days of pregnancy, with `values` on top."""
    base = {"hpht": TODAY - dt.timedelta(days=100), "lila": Decimal("25.0"), "sbp": Decimal("110"), "dbp": Decimal("70")}
    return {**base, **values}


@pytest.fixture
def ibu(db):
    return mother()


def test_lila_23_4_flags_kek_and_creates_the_pustu_follow_up(record, ibu):
    saved = record("anc", ibu, anc(lila=Decimal("23.4")))
    assert "kek" in flag_codes(saved)
    follow_up = FollowUp.objects.get(patient=ibu)
    assert follow_up.pustu.wilayah.filter(pk=ibu.desa_id).exists()
    assert "KEK" in follow_up.reason


def test_lila_23_5_is_not_kek(record, ibu):
    saved = record("anc", ibu, anc(lila=Decimal("23.5")))
    assert "kek" not in flag_codes(saved)
    assert not FollowUp.objects.filter(patient=ibu).exists()


@pytest.mark.parametrize("hb, flag", [("6.9", "anemia_berat"), ("7.0", "anemia_sedang"), ("9.9", "anemia_sedang"),
                                      ("10.0", "anemia_ringan"), ("10.9", "anemia_ringan"), ("11.0", None)])
def test_hb_bands(record, ibu, hb, flag):
    saved = record("anc", ibu, anc(hb=Decimal(hb)), confirmed=True)  # 6.9 is below the soft limit
    anaemia = {code for code in flag_codes(saved) if code.startswith("anemia")}
    assert anaemia == ({flag} if flag else set())


@pytest.mark.parametrize("sbp, dbp, flagged", [(140, 80, True), (120, 90, True), (139, 89, False)])
def test_blood_pressure_of_140_or_90_flags_hypertension(record, ibu, sbp, dbp, flagged):
    saved = record("anc", ibu, anc(sbp=Decimal(sbp), dbp=Decimal(dbp)))
    assert ("hipertensi" in flag_codes(saved)) is flagged


@pytest.mark.parametrize("sbp, dbp, protein, suspected", [
    (150, 95, "+1", True), (140, 80, "+3", True), (150, 95, "negatif", False), (130, 85, "+2", False), (150, 95, None, False),
])
def test_preeclampsia_needs_hypertension_and_proteinuria(record, ibu, sbp, dbp, protein, suspected):
    saved = record("anc", ibu, anc(sbp=Decimal(sbp), dbp=Decimal(dbp), proteinuria=protein))
    assert ("suspek_preeklampsia" in flag_codes(saved)) is suspected


@pytest.mark.parametrize("ga_days, trimester", [(90, 1), (91, 2), (174, 2), (175, 3)])
def test_hpht_gives_hpl_gestational_age_and_trimester(record, ibu, ga_days, trimester):
    hpht = TODAY - dt.timedelta(days=ga_days)
    saved = record("anc", ibu, anc(hpht=hpht))
    saved.refresh_from_db()  # as stored (JSON)
    assert saved.computed["hpl"] == (hpht + dt.timedelta(days=280)).isoformat()
    assert saved.computed["ga_days"] == ga_days
    assert saved.computed["ga_weeks"] == ga_days // 7
    assert saved.computed["trimester"] == trimester


def test_hpht_in_the_future_is_rejected_on_its_field(record, ibu):
    with pytest.raises(ValidationError) as raised:
        record("anc", ibu, anc(hpht=TODAY + dt.timedelta(days=1)))
    assert raised.value.message_dict == {"hpht": [IN_FUTURE]}


@pytest.mark.parametrize("weight", ["0", "301"])
def test_weight_outside_the_hard_limits_is_rejected(record, ibu, weight):
    with pytest.raises(ValidationError) as raised:
        record("anc", ibu, anc(weight=Decimal(weight)))
    expected = OUT_OF_HARD % {"value": Decimal(weight), "unit": "kg", "low": Decimal("0.3"), "high": Decimal("300")}
    assert raised.value.message_dict == {"weight": [expected]}


def test_a_value_past_the_soft_limit_needs_confirmation(record, ibu):
    with pytest.raises(NeedsConfirmation) as raised:
        record("anc", ibu, anc(weight=Decimal("30.0")))
    assert "Berat badan 30.0 kg tidak biasa" in raised.value.warnings[0]
    assert not PackageRecord.objects.exists()
    saved = record("anc", ibu, anc(weight=Decimal("30.0")), confirmed=True)
    assert saved.warnings == raised.value.warnings


def test_nothing_is_half_written_when_one_value_is_wrong(record, ibu):
    with pytest.raises(ValidationError):
        record("anc", ibu, anc(lila=Decimal("23.0"), weight=Decimal("0")))
    assert not PackageRecord.objects.exists()
    assert not Observation.objects.filter(patient=ibu).exists()
    assert not FollowUp.objects.filter(patient=ibu).exists()
    assert not AuditEntry.objects.filter(action="package.record").exists()


def test_required_fields_are_named(record, ibu):
    with pytest.raises(ValidationError) as raised:
        record("anc", ibu, {"hpht": TODAY - dt.timedelta(days=70)})
    assert set(raised.value.message_dict) == {"lila", "sbp", "dbp"}


def test_observations_are_stored_with_loinc_codes_and_the_package_version(record, ibu, bidan):
    saved = record("anc", ibu, anc(weight=Decimal("58.0"), height=Decimal("155.0"), hb=Decimal("11.5")))
    codes = {o.code: o for o in saved.observations.all()}
    assert {"8665-2", "29463-7", "8302-2", "56072-2", "8480-6", "8462-4", "718-7", "39156-5"} <= set(codes)
    assert {codes[c].system for c in ("29463-7", "56072-2", "718-7", "39156-5")} == {LOINC}
    assert codes["718-7"].value_quantity == Decimal("11.5") and codes["718-7"].unit == "g/dL"
    assert codes["39156-5"].value_quantity == Decimal("24.1")
    assert {o.source for o in codes.values()} == {"anc@1"}
    assert (saved.package_id, saved.package_version, saved.performer) == ("anc", 1, bidan)
    assert AuditEntry.objects.get(action="package.record").target_id == str(saved.pk)


def test_a_man_cannot_get_an_anc_record(record, db):
    from ilp.people.tests.factories import PatientFactory

    with pytest.raises(ValidationError) as raised:
        record("anc", PatientFactory(sex="M", birth_date=dt.date(1990, 1, 1)), anc())
    assert "tidak berlaku" in raised.value.messages[0]
