"""The card (given / due / overdue), IDL and IBL, and due lists per desa and Posyandu, inside the user's scope."""

import datetime as dt

import pytest

from ilp.immunization import selectors
from ilp.people.tests.factories import PatientFactory

from .conftest import BORN
from .factories import give

ON_TIME = {  # every dose of the default IDL set, on its due date (born 10 March 2025)
    "HB0": dt.date(2025, 3, 10), "BCG": dt.date(2025, 3, 20), "OPV1": dt.date(2025, 3, 20),
    "DPT-HB-Hib1": dt.date(2025, 5, 10), "OPV2": dt.date(2025, 5, 10), "RV1": dt.date(2025, 5, 10), "PCV1": dt.date(2025, 5, 10),
    "DPT-HB-Hib2": dt.date(2025, 6, 10), "OPV3": dt.date(2025, 6, 10), "RV2": dt.date(2025, 6, 10), "PCV2": dt.date(2025, 6, 10),
    "DPT-HB-Hib3": dt.date(2025, 7, 10), "OPV4": dt.date(2025, 7, 10), "RV3": dt.date(2025, 7, 10), "IPV1": dt.date(2025, 7, 10),
    "MR1": dt.date(2025, 12, 10), "IPV2": dt.date(2025, 12, 10),
}


def card(user, patient, on):
    return selectors.immunization_card(user=user, patient=patient, on=on)


def statuses(result) -> dict[str, str]:
    return {row.dose.code: row.status for row in result.rows}


def test_the_card_tells_given_due_overdue_and_not_yet(bidan, baby):
    for code in ("HB0", "BCG", "OPV1"):
        give(baby, code, ON_TIME[code])
    result = statuses(card(bidan, baby, dt.date(2025, 7, 1)))
    assert {result[c] for c in ("HB0", "BCG", "OPV1")} == {"given"}
    assert result["DPT-HB-Hib1"] == result["PCV1"] == "overdue"  # window ended 10 June
    assert result["DPT-HB-Hib2"] == "due"  # 10 June – 9 July
    assert result["DPT-HB-Hib3"] == result["MR1"] == "not_yet"
    assert "JE" not in result  # endemic kab/kota only


def test_due_dates_on_the_card_follow_the_doses_given(bidan, baby):
    give(baby, "PCV1", dt.date(2025, 5, 10))
    give(baby, "PCV2", dt.date(2026, 2, 1))
    rows = {row.dose.code: row for row in card(bidan, baby, dt.date(2026, 3, 1)).rows}
    assert rows["PCV3"].due_on == dt.date(2026, 3, 29)
    assert rows["PCV3"].status == "not_yet"
    assert rows["PCV2"].given.given_on == dt.date(2026, 2, 1)


def test_idl_is_complete_when_every_dose_of_the_set_came_before_the_first_birthday(bidan, baby):
    for code, day in ON_TIME.items():
        give(baby, code, day)
    result = card(bidan, baby, dt.date(2026, 6, 1))
    assert result.idl.complete and result.idl_klasik.complete
    assert result.idl.deadline == dt.date(2026, 3, 10)
    assert not result.ibl.complete and result.ibl.missing == ("PCV3", "DPT-HB-Hib4", "MR2")


def test_idl_is_not_complete_when_mr1_is_given_on_the_first_birthday(bidan, baby):
    for code, day in {**ON_TIME, "MR1": dt.date(2026, 3, 10)}.items():
        give(baby, code, day)
    result = card(bidan, baby, dt.date(2026, 6, 1))
    assert not result.idl.complete
    assert (result.idl.missing, result.idl.late) == ((), ("MR1",))


def test_the_classic_idl_set_does_not_need_rv_pcv_or_ipv2(bidan, baby):
    for code, day in ON_TIME.items():
        if not code.startswith(("RV", "PCV")) and code != "IPV2":
            give(baby, code, day)
    result = card(bidan, baby, dt.date(2026, 6, 1))
    assert result.idl_klasik.complete
    assert not result.idl.complete and result.idl.missing == ("RV1", "RV2", "RV3", "PCV1", "PCV2", "IPV2")


def test_ibl_needs_pcv3_dpt4_and_mr2_before_the_second_birthday(bidan, baby):
    give(baby, "PCV3", dt.date(2026, 3, 10))
    give(baby, "DPT-HB-Hib4", dt.date(2026, 9, 10))
    give(baby, "MR2", dt.date(2027, 3, 10))
    result = card(bidan, baby, dt.date(2027, 4, 1))
    assert (result.ibl.complete, result.ibl.late) == (False, ("MR2",))


def test_the_card_of_a_patient_out_of_scope_shows_no_doses(petugas_lain, baby):
    give(baby, "BCG", dt.date(2025, 3, 20))
    assert statuses(card(petugas_lain, baby, dt.date(2025, 4, 1)))["BCG"] != "given"


@pytest.fixture
def village(baby, desa, desa_lain):
    """Three balita of our desa (one up to date), one of another Puskesmas, and a 6-year-old."""
    behind = PatientFactory(birth_date=dt.date(2025, 9, 1), desa=desa, nik=None)  # 9 months: DPT1-3 etc. overdue
    on_time = PatientFactory(birth_date=dt.date(2026, 5, 1), desa=desa, nik=None)
    for code in ("HB0", "BCG", "OPV1"):
        give(on_time, code, dt.date(2026, 5, 2))
    elsewhere = PatientFactory(birth_date=BORN, desa=desa_lain, nik=None)
    older = PatientFactory(birth_date=dt.date(2020, 1, 1), desa=desa, nik=None)
    return {"baby": baby, "behind": behind, "on_time": on_time, "elsewhere": elsewhere, "older": older}


def listed(cards) -> set:
    return {c.patient for c in cards}


def test_the_due_list_of_a_desa_holds_its_balita_with_doses_due_or_overdue(bidan, village, desa):
    cards = selectors.due_list(user=bidan, desa=desa)
    assert listed(cards) == {village["baby"], village["behind"]}
    behind = next(c for c in cards if c.patient == village["behind"])
    assert {"DPT-HB-Hib1", "DPT-HB-Hib3", "BCG"} <= {r.dose.code for r in behind.overdue}
    assert {r.dose.code for r in behind.due} == {"MR1", "IPV2"}


def test_the_due_list_of_a_posyandu_covers_its_desa(bidan, village, posyandu):
    assert posyandu.region in [village["baby"].desa]
    assert listed(selectors.due_list(user=bidan, posyandu=posyandu)) == {village["baby"], village["behind"]}


def test_the_kader_sees_the_due_list_of_her_desa_only(kader, village):
    assert listed(selectors.due_list(user=kader)) == {village["baby"], village["behind"]}


@pytest.mark.parametrize("persona", ["petugas_lain", "dinkes"])
def test_others_do_not_see_our_due_list(request, village, desa, persona):
    assert selectors.due_list(user=request.getfixturevalue(persona), desa=desa) == []


def test_the_due_list_reads_in_two_queries(bidan, village, desa, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        selectors.due_list(user=bidan, desa=desa)
