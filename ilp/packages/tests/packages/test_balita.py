"""Balita growth (balita.yaml): the record's z-scores are ilp.growth's, and the Permenkes 2/2020 boundaries hold.

Boundary inputs were found by scanning 0.1-cm lengths and 0.1-kg weights through ilp.growth.zscores
(WHO 2006 LMS); each test first re-checks that the input still gives the intended z, so a change in
the growth engine cannot silently turn these into tests of something else. Classification reads the
2-dp z: −2.00 is normal, −2.01 is not (DOMAIN.md §2).
"""

import datetime as dt
from decimal import Decimal

import pytest

from ilp.growth import zscores
from ilp.packages.tests.factories import TODAY, child, flag_codes


def born(age_days: int) -> dt.date:
    return TODAY - dt.timedelta(days=age_days)


def test_the_record_holds_the_same_z_scores_as_ilp_growth(record, db):
    values = {"weight": Decimal("9.1"), "length": Decimal("74.5"), "measured": "L", "head": Decimal("45.2"),
              "muac": Decimal("14.1")}
    saved = record("balita", child(born=born(400)), values)
    expected = zscores(sex="M", age_days=400, weight_kg=9.1, length_cm=Decimal("74.5"), measured="L", head_cm=45.2,
                       muac_cm=14.1)
    assert {k: saved.computed[k] for k in ("waz", "haz", "whz", "baz", "hcz", "acz")} == expected.as_dict()
    assert saved.computed["implausible"] == ""


@pytest.mark.parametrize("age_days, length, haz, flags", [
    (411, "72.6", -2.00, set()),
    (400, "72.2", -2.01, {"pendek"}),
    (404, "69.9", -3.00, {"pendek"}),
    (401, "69.8", -3.01, {"sangat_pendek"}),
])
def test_stunting_boundaries(record, db, age_days, length, haz, flags):
    assert zscores(sex="M", age_days=age_days, length_cm=Decimal(length), measured="L").haz == haz
    saved = record("balita", child(born=born(age_days)), {"weight": Decimal("8.5"), "length": Decimal(length), "measured": "L"})
    assert saved.computed["haz"] == haz
    assert flag_codes(saved) & {"pendek", "sangat_pendek"} == flags


@pytest.mark.parametrize("length, weight, whz, flags", [
    ("70.3", "6.9", -2.00, set()),
    ("70.9", "7.0", -2.01, {"gizi_kurang"}),
    ("70.0", "6.3", -3.00, {"gizi_kurang"}),
    ("71.9", "6.6", -3.01, {"gizi_buruk"}),
])
def test_wasting_and_gizi_buruk_boundaries(record, db, length, weight, whz, flags):
    assert zscores(sex="F", age_days=400, weight_kg=float(weight), length_cm=Decimal(length), measured="L").whz == whz
    saved = record("balita", child(born=born(400), sex="F"),
                   {"weight": Decimal(weight), "length": Decimal(length), "measured": "L"}, confirmed=True)
    assert saved.computed["whz"] == whz
    assert flag_codes(saved) & {"gizi_kurang", "gizi_buruk"} == flags


def test_oedema_makes_the_child_gizi_buruk_without_weight_based_z(record, db):
    saved = record("balita", child(born=born(500)),
                   {"weight": Decimal("9.5"), "length": Decimal("76.0"), "measured": "L", "oedema": True})
    assert "gizi_buruk" in flag_codes(saved)
    assert saved.computed["gizi_buruk_klinis"] is True
    assert saved.computed["waz"] is None and saved.computed["whz"] is None
    assert saved.computed["haz"] is not None


def test_muac_below_11_5_cm_is_clinical_gizi_buruk(record, db):
    saved = record("balita", child(born=born(500)), {"weight": Decimal("9.5"), "muac": Decimal("11.4")})
    assert "gizi_buruk" in flag_codes(saved)


def test_an_implausible_z_is_flagged_and_not_classified(record, db):
    saved = record("balita", child(born=born(200)), {"weight": Decimal("19.0")}, confirmed=True)
    assert saved.computed["waz"] > 5
    assert "waz" in saved.computed["implausible"]
    assert "tidak_wajar" in flag_codes(saved)
    assert saved.computed["bb_u"] is None


def test_a_length_needs_the_way_it_was_measured(record, db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        record("balita", child(born=born(400)), {"weight": Decimal("9.0"), "length": Decimal("74.0")})
    assert set(raised.value.message_dict) == {"measured"}
