"""Deteksi dini kanker payudara dan leher rahim (kanker.yaml): SADANIS, IVA from 30 y, HPV DNA, the screening
interval and who may get the package (DOMAIN.md §4)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ilp.packages.engine.evaluate import REQUIRED
from ilp.packages.tests.factories import TODAY, flag_codes
from ilp.people.tests.factories import PatientFactory
from ilp.visits.models import FollowUp


def woman(years: int, sex: str = "F"):
    birthday = TODAY - dt.timedelta(days=100)
    return PatientFactory(sex=sex, birth_date=birthday.replace(year=birthday.year - years))


@pytest.mark.parametrize("sadanis, flag", [("normal", None), ("benjolan", "sadanis_benjolan"), ("curiga_kanker", "curiga_kanker_payudara")])
def test_clinical_breast_exam(record, db, sadanis, flag):
    saved = record("kanker", woman(25), {"sadanis": sadanis})
    assert flag_codes(saved) & {"sadanis_benjolan", "curiga_kanker_payudara"} == ({flag} if flag else set())


def test_iva_is_not_asked_below_30(record, db):
    saved = record("kanker", woman(29), {"sadanis": "normal", "iva": "positif"})
    assert saved.values["iva"] is None and "iva_positif" not in flag_codes(saved)


def test_a_sexually_active_woman_from_30_needs_the_iva_answer(record, db):
    with pytest.raises(ValidationError) as raised:
        record("kanker", woman(30), {"sadanis": "normal", "sexually_active": True})
    assert raised.value.message_dict == {"iva": [REQUIRED]}


def test_iva_positive_treated_on_the_spot_gets_a_one_year_control(record, db):
    patient = woman(35)
    saved = record("kanker", patient, {"sadanis": "normal", "sexually_active": True, "iva": "positif", "ablation": True})
    assert "iva_positif" in flag_codes(saved) and "iva_positif_belum_ablasi" not in flag_codes(saved)
    assert "kontrol 1 tahun" in FollowUp.objects.get(patient=patient).reason


def test_iva_positive_without_ablation_is_referred(record, db):
    saved = record("kanker", woman(35), {"sadanis": "normal", "sexually_active": True, "iva": "positif"})
    assert "iva_positif_belum_ablasi" in flag_codes(saved)


@pytest.mark.parametrize("high_risk, flag", [(True, "iva_ulang_1_tahun"), (False, "iva_ulang_3_tahun")])
def test_a_negative_iva_is_repeated_after_3_years_or_1_when_at_high_risk(record, db, high_risk, flag):
    saved = record("kanker", woman(40), {"sadanis": "normal", "sexually_active": True, "iva": "negatif", "high_risk": high_risk})
    assert flag_codes(saved) & {"iva_ulang_1_tahun", "iva_ulang_3_tahun"} == {flag}


def test_suspected_cervical_cancer_counts_by_its_iva_result(record, db):
    from ilp.indicators.models import Fact

    saved = record("kanker", woman(45), {"sadanis": "normal", "sexually_active": True, "iva": "curiga_kanker"})
    assert "curiga_kanker_serviks" in flag_codes(saved)
    assert Fact.objects.get(source=f"packages.PackageRecord:{saved.pk}", kind="pkg.kanker").code == "curiga_kanker"


def test_men_do_not_get_the_package(record, db):
    with pytest.raises(ValidationError):
        record("kanker", woman(40, sex="M"), {"sadanis": "normal"})
