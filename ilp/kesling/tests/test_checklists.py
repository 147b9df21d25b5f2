"""Checklist files load; scoring at each category boundary, both sides (docs/decisions/0011)."""

from decimal import Decimal

import pytest

from ilp.kesling.checklists import FAILS, MEETS, ChecklistError, checklists, load


def answers(checklist, yes: int) -> dict[str, bool]:
    """The first `yes` items answered "ya", the rest "tidak"."""
    return {item.id: index < yes for index, item in enumerate(checklist.items)}


def test_every_checklist_loads_with_unique_items():
    assert list(checklists()) == ["rumah", "ttu", "tpp", "sam"]
    for checklist in checklists().values():
        assert len({i.id for i in checklist.items}) == len(checklist.items)


@pytest.mark.parametrize(("yes", "risk"), [(0, "rendah"), (2, "rendah"), (3, "sedang"), (5, "sedang"), (6, "tinggi"),
                                           (8, "tinggi"), (9, "amat_tinggi"), (10, "amat_tinggi")])
def test_drinking_water_risk_level_by_the_number_of_risks(yes, risk):
    sam = checklists()["sam"]
    result = sam.score(answers(sam, yes))
    assert (result.score, result.category) == (yes, risk)


@pytest.mark.parametrize(("yes", "category"), [(6, FAILS), (7, MEETS)])  # 60 % / 70 %
def test_a_public_place_meets_the_requirements_from_70_percent(yes, category):
    ttu = checklists()["ttu"]
    result = ttu.score(answers(ttu, yes))
    assert (result.percent, result.category) == (Decimal(yes * 10), category)


def test_a_house_is_sehat_from_80_percent_of_the_weighted_score():
    rumah = checklists()["rumah"]
    assert sum(i.weight for i in rumah.items) == 568
    everything = answers(rumah, len(rumah.items))
    # Without the 3 perilaku items of weight 44: 568 − 132 = 436 = 76.8 % → tidak sehat.
    below = {**everything, "bersih": False, "tinja": False, "buang_sampah": False}
    # Without 2 perilaku items and 1 sanitasi item: 568 − 88 − 25 = 455 = 80.1 % → sehat.
    above = {**everything, "bersih": False, "tinja": False, "sampah": False}
    assert (rumah.score(below).score, rumah.score(below).category) == (436, FAILS)
    assert (rumah.score(above).score, rumah.score(above).category, rumah.score(above).label) == (455, MEETS, "Rumah sehat")


def test_exactly_the_pass_mark_passes(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("id: x\nversion: 1\nname: X\nobject_label: X\nsource: s\nscoring: {kind: percent, pass_at: 80, "
                    "pass_label: Ya, fail_label: Tidak}\nitems:\n" + "".join(f"  - {{id: i{n}, label: L}}\n" for n in range(5)),
                    encoding="utf-8")
    checklist = load(path)
    assert checklist.score(answers(checklist, 4)).category == MEETS  # 4/5 = 80 %
    assert checklist.score(answers(checklist, 3)).category == FAILS


def test_a_wrong_checklist_file_names_file_and_line(tmp_path):
    path = tmp_path / "y.yaml"
    path.write_text("id: y\nversion: 1\nname: Y\nobject_label: Y\nsource: s\nscoring: {kind: sometimes}\n"
                    "items:\n  - {id: a, label: A}\n", encoding="utf-8")
    with pytest.raises(ChecklistError) as raised:
        load(path)
    assert str(raised.value) == "y.yaml:6: scoring.kind harus 'percent' atau 'risk'"
