"""Kontrol HT/DM (ptm_kontrol.yaml): control status, the Pustu's 3-month rule, the SPM standard service and
how a record counts (DOMAIN.md §4, §6.3 SPM 8–9)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ilp.indicators.models import Fact
from ilp.packages.engine.evaluate import REQUIRED
from ilp.packages.tests.factories import TODAY, flag_codes
from ilp.people.tests.factories import PatientFactory
from ilp.visits.models import FollowUp


@pytest.fixture
def penderita(db):
    return PatientFactory(sex="F", birth_date=dt.date(1970, 2, 2))


def control(diagnosis="HT", **values) -> dict:
    base = {"diagnosis": diagnosis, "place": "puskesmas", "education": True, "therapy": "farmakologi"}
    if diagnosis in ("HT", "HTDM"):
        base |= {"sbp": Decimal("130"), "dbp": Decimal("80")}
    if diagnosis in ("DM", "HTDM"):
        base |= {"gdp": Decimal("110")}
    return {**base, **values}


@pytest.mark.parametrize("sbp, dbp, flag", [(139, 89, "ht_terkendali"), (140, 80, "ht_tidak_terkendali"),
                                            (130, 90, "ht_tidak_terkendali"), (118, 76, "ht_terkendali")])
def test_hypertension_is_controlled_below_140_90(record, penderita, sbp, dbp, flag):
    saved = record("ptm_kontrol", penderita, control(sbp=Decimal(sbp), dbp=Decimal(dbp)))
    assert flag_codes(saved) & {"ht_terkendali", "ht_tidak_terkendali"} == {flag}


@pytest.mark.parametrize("values, flag", [
    ({"hba1c": Decimal("6.9")}, "dm_terkendali"), ({"hba1c": Decimal("7.0")}, "dm_tidak_terkendali"),
    ({"gdp": Decimal("129")}, "dm_terkendali"), ({"gdp": Decimal("130")}, "dm_tidak_terkendali"),
    ({"gdp": None, "ttgo": Decimal("179")}, "dm_terkendali"), ({"gdp": None, "ttgo": Decimal("180")}, "dm_tidak_terkendali"),
    ({"gdp": None, "gds": Decimal("210")}, "dm_tidak_terkendali"), ({"gdp": None, "gds": Decimal("150")}, None),
])
def test_dm_control_follows_the_perkeni_targets_and_a_gds_never_proves_control(record, penderita, values, flag):
    typed = {k: v for k, v in control("DM", **values).items() if v is not None}
    saved = record("ptm_kontrol", penderita, typed)
    assert flag_codes(saved) & {"dm_terkendali", "dm_tidak_terkendali"} == ({flag} if flag else set())


def test_dm_needs_one_glucose_test(record, penderita):
    with pytest.raises(ValidationError) as raised:
        record("ptm_kontrol", penderita, {k: v for k, v in control("DM").items() if k != "gdp"})
    assert raised.value.message_dict == {"gdp": [REQUIRED]}


def test_hypertension_needs_the_blood_pressure(record, penderita):
    with pytest.raises(ValidationError) as raised:
        record("ptm_kontrol", penderita, {"diagnosis": "HT", "place": "puskesmas"})
    assert set(raised.value.message_dict) == {"sbp", "dbp"}


def test_the_pustu_continues_therapy_while_controlled_and_reviewed_within_3_months(record, penderita):
    saved = record("ptm_kontrol", penderita, control(place="pustu", last_doctor_review=TODAY - dt.timedelta(days=91)))
    assert "rujuk_dokter" not in flag_codes(saved)
    assert saved.computed["review"] == "ya"


@pytest.mark.parametrize("values", [
    {"last_doctor_review": TODAY - dt.timedelta(days=92)}, {},
    {"last_doctor_review": TODAY - dt.timedelta(days=30), "sbp": Decimal("150")},
    {"last_doctor_review": TODAY - dt.timedelta(days=30), "complaints": True},
])
def test_the_pustu_refers_when_uncontrolled_symptomatic_or_not_reviewed(record, penderita, values):
    saved = record("ptm_kontrol", penderita, control(place="pustu", **values))
    assert "rujuk_dokter" in flag_codes(saved)


def test_the_same_values_at_the_puskesmas_need_no_referral(record, penderita):
    saved = record("ptm_kontrol", penderita, control(place="puskesmas"))
    assert "rujuk_dokter" not in flag_codes(saved)


@pytest.mark.parametrize("values, standard", [
    ({}, {"ht_layanan_standar"}), ({"education": False}, set()), ({"therapy": "tidak"}, set()),
])
def test_a_standard_service_is_measured_educated_and_treated(record, penderita, values, standard):
    saved = record("ptm_kontrol", penderita, control(**values))
    assert flag_codes(saved) & {"ht_layanan_standar", "dm_layanan_standar"} == standard


def test_ht_with_dm_counts_for_both_and_the_record_counts_as_htdm(record, penderita):
    saved = record("ptm_kontrol", penderita, control("HTDM"))
    assert {"ht_layanan_standar", "dm_layanan_standar"} <= flag_codes(saved)
    assert Fact.objects.get(source=f"packages.PackageRecord:{saved.pk}", kind="pkg.ptm_kontrol").code == "HTDM"


def test_irregular_medication_asks_the_pustu_to_accompany(record, penderita):
    record("ptm_kontrol", penderita, control(adherence="tidak_teratur"))
    assert "minum obat" in FollowUp.objects.get(patient=penderita).reason


def test_hypoglycaemia_is_urgent(record, penderita):
    saved = record("ptm_kontrol", penderita, control("DM", gdp=Decimal("65")))
    assert "hipoglikemia" in flag_codes(saved)


def test_a_future_doctor_review_date_is_rejected(record, penderita):
    with pytest.raises(ValidationError) as raised:
        record("ptm_kontrol", penderita, control(last_doctor_review=TODAY + dt.timedelta(days=3)))
    assert set(raised.value.message_dict) == {"last_doctor_review"}
