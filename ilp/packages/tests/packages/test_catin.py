"""Calon pengantin (catin.yaml): WHO 2011 anaemia by sex, LiLA for the bride, BMI, SRQ-20 cut-off, T status and
tests (DOMAIN.md §4)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ilp.indicators.models import Fact
from ilp.packages.engine.evaluate import REQUIRED
from ilp.packages.tests.factories import TODAY, flag_codes
from ilp.people.tests.factories import PatientFactory

ANAEMIA = {"anemia_ringan", "anemia_sedang", "anemia_berat"}


def catin(sex: str, years: int = 24):
    birthday = TODAY - dt.timedelta(days=100)
    return PatientFactory(sex=sex, birth_date=birthday.replace(year=birthday.year - years))


def service(sex: str, **values) -> dict:
    base = {"weight": Decimal("55.0"), "height": Decimal("160.0"), "hb": Decimal("13.5")}
    if sex == "F":
        base["lila"] = Decimal("25.0")
    return {**base, **values}


@pytest.mark.parametrize("sex, hb, category", [
    ("F", "12.0", "normal"), ("F", "11.9", "ringan"), ("F", "11.0", "ringan"), ("F", "10.9", "sedang"), ("F", "8.0", "sedang"),
    ("F", "7.9", "berat"), ("M", "13.0", "normal"), ("M", "12.9", "ringan"), ("M", "11.0", "ringan"), ("M", "10.9", "sedang"),
])
def test_anaemia_follows_the_who_2011_bands_of_women_and_men(record, db, sex, hb, category):
    saved = record("catin", catin(sex), service(sex, hb=Decimal(hb)), confirmed=True)
    assert saved.computed["anemia"] == category
    assert flag_codes(saved) & ANAEMIA == ({f"anemia_{category}"} if category != "normal" else set())


def test_a_bride_with_lila_under_23_5_is_at_risk_of_kek(record, db):
    saved = record("catin", catin("F"), service("F", lila=Decimal("23.4")))
    assert "kek" in flag_codes(saved)


def test_lila_is_asked_of_the_bride_only(record, db):
    with pytest.raises(ValidationError) as raised:
        record("catin", catin("F"), {k: v for k, v in service("F").items() if k != "lila"})
    assert raised.value.message_dict == {"lila": [REQUIRED]}
    groom = record("catin", catin("M"), service("M", lila=Decimal("20.0")))
    assert groom.values["lila"] is None and "kek" not in flag_codes(groom)


@pytest.mark.parametrize("score, positive", [(6, False), (7, True)])
def test_srq_20_of_7_or_more_is_a_possible_mental_health_problem(record, db, score, positive):
    saved = record("catin", catin("M"), service("M", srq_score=score))
    assert ("catin_srq_positif" in flag_codes(saved)) is positive
    assert saved.values["srq_score"] == score


def test_an_incomplete_tetanus_status_asks_for_td(record, db):
    saved = record("catin", catin("F"), service("F", t_status="T2"))
    assert "t_belum_lengkap" in flag_codes(saved)
    given = record("catin", catin("F"), service("F", t_status="T2", td_given=True))
    assert "t_belum_lengkap" not in flag_codes(given)


def test_a_served_catin_counts_by_anaemia_class_with_the_certificate_flag(record, db):
    saved = record("catin", catin("F"), service("F", hb=Decimal("11.5"), certificate=True, hiv="nonreaktif"))
    facts = Fact.objects.filter(source=f"packages.PackageRecord:{saved.pk}")
    assert facts.get(kind="pkg.catin").code == "ringan"
    assert {"anemia_ringan", "catin_sertifikat"} <= set(facts.values_list("code", flat=True))


def test_reactive_hiv_is_referred_to_klaster_4(record, db):
    saved = record("catin", catin("M"), service("M", hiv="reaktif"))
    assert "hiv_reaktif" in flag_codes(saved)
