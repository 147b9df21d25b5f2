"""PUS (pus.yaml): layak hamil / hamil dengan pengawasan / tidak layak, 4T and ALKI, and the flags the
indicator "PUS 4T/ALKI ber-KB modern" counts (DOMAIN.md §4)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ilp.packages.tests.factories import TODAY, flag_codes
from ilp.people.tests.factories import PatientFactory
from ilp.visits.models import FollowUp

READINESS = {"pus_layak_hamil", "pus_hamil_pengawasan", "pus_tidak_layak_hamil"}


def wife(years: int = 27):
    birthday = TODAY - dt.timedelta(days=100)
    return PatientFactory(sex="F", birth_date=birthday.replace(year=birthday.year - years))


def ready(**values) -> dict:
    """Every criterion of layak hamil met: 1 child born 3 years ago, BMI 22.0, LiLA 25."""
    base = {"children": 1, "last_pregnancy_end": TODAY - dt.timedelta(days=3 * 365), "weight": Decimal("56.3"),
            "height": Decimal("160.0"), "lila": Decimal("25.0"), "complicated_history": False, "chronic_disease": "tidak"}
    return {**base, **values}


def test_all_criteria_met_is_layak_hamil(record, db):
    saved = record("pus", wife(), ready())
    assert flag_codes(saved) & READINESS == {"pus_layak_hamil"}
    assert not flag_codes(saved) & {"pus_4t_alki", "pus_4t_alki_kb_modern"}


@pytest.mark.parametrize("years, values", [
    (19, {}), (36, {}), (27, {"children": 3}), (27, {"last_pregnancy_end": TODAY - dt.timedelta(days=730)}),
    (27, {"weight": Decimal("47.3")}), (27, {"weight": Decimal("64.0")}), (27, {"lila": Decimal("23.5")}),
    (27, {"complicated_history": True}), (27, {"chronic_disease": "terkendali", "weight": Decimal("60.0")}),
])
def test_any_unmet_criterion_means_pregnancy_under_supervision(record, db, years, values):
    saved = record("pus", wife(years), ready(**values))
    assert flag_codes(saved) & READINESS == ({"pus_hamil_pengawasan"} if values.get("chronic_disease") != "terkendali"
                                             else {"pus_layak_hamil"})


@pytest.mark.parametrize("years, values", [(20, {}), (35, {}), (27, {"children": 2}), (27, {"last_pregnancy_end": TODAY - dt.timedelta(days=731)}),
                                           (27, {"last_pregnancy_end": None}), (27, {"weight": Decimal("47.4")}),
                                           (27, {"weight": Decimal("63.9")}), (27, {"lila": Decimal("23.6")})])
def test_the_edges_of_each_criterion_are_still_layak(record, db, years, values):
    typed = {k: v for k, v in ready(**values).items() if v is not None}
    saved = record("pus", wife(years), typed)
    assert flag_codes(saved) & READINESS == {"pus_layak_hamil"}


def test_an_uncontrolled_disease_is_tidak_layak_whatever_else(record, db):
    saved = record("pus", wife(19), ready(chronic_disease="tidak_terkendali"))
    assert flag_codes(saved) & READINESS == {"pus_tidak_layak_hamil"}


@pytest.mark.parametrize("years, values, flag", [
    (18, {}, "4t_muda"), (36, {}, "4t_tua"), (27, {"children": 3}, "4t_banyak"),
    (27, {"last_pregnancy_end": TODAY - dt.timedelta(days=400)}, "4t_dekat"),
    (27, {"hb": Decimal("11.5")}, "alki_anemia"), (27, {"lila": Decimal("23.0")}, "alki_kek"),
    (27, {"chronic_disease": "terkendali"}, "alki_penyakit_kronis"), (27, {"sti": True}, "alki_ims"),
])
def test_each_4t_and_alki_criterion_makes_the_pus_at_risk(record, db, years, values, flag):
    saved = record("pus", wife(years), ready(**values))
    assert {flag, "pus_4t_alki"} <= flag_codes(saved)


@pytest.mark.parametrize("method, modern", [("implan", True), ("mow", True), ("alami", False), ("tidak", False)])
def test_at_risk_pus_using_a_modern_method_are_counted_apart(record, db, method, modern):
    saved = record("pus", wife(38), ready(kb_method=method))
    assert ("pus_4t_alki_kb_modern" in flag_codes(saved)) is modern


def test_wanting_no_more_children_without_a_modern_method_asks_for_kb_counselling(record, db):
    patient = wife()
    saved = record("pus", patient, ready(pregnancy_plan="tidak_ingin", kb_method="alami"))
    assert "kb_unmet_need" in flag_codes(saved)
    assert "Konseling KB" in FollowUp.objects.get(patient=patient).reason


def test_the_last_pregnancy_cannot_end_in_the_future(record, db):
    with pytest.raises(ValidationError) as raised:
        record("pus", wife(), ready(last_pregnancy_end=TODAY + dt.timedelta(days=1)))
    assert set(raised.value.message_dict) == {"last_pregnancy_end"}
