"""SRQ-20 and NAPZA (jiwa.yaml): the raw score is stored, ≥ 7 flags, item 17 asks for urgent review whatever the
score; every item must be answered (DOMAIN.md §4)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ilp.clinical.models import Observation
from ilp.packages.engine.evaluate import NOT_APPLICABLE, REQUIRED
from ilp.packages.tests.factories import TODAY, flag_codes
from ilp.people.tests.factories import PatientFactory
from ilp.visits.models import FollowUp


def adult(years: int = 30):
    birthday = TODAY - dt.timedelta(days=100)
    return PatientFactory(sex="M", birth_date=birthday.replace(year=birthday.year - years))


def answers(yes: set[int] = frozenset(), **values) -> dict:
    return {**{f"srq{i:02d}": i in yes for i in range(1, 21)}, **values}


@pytest.mark.parametrize("yes, positive", [(set(), False), ({1, 2, 3, 4, 5, 6}, False), ({1, 2, 3, 4, 5, 6, 7}, True),
                                           (set(range(1, 21)), True)])
def test_srq_20_cut_off_is_7_and_the_raw_score_is_stored(record, db, yes, positive):
    saved = record("jiwa", adult(), answers(yes))
    assert saved.computed["srq"] == len(yes)
    assert ("srq_positif" in flag_codes(saved)) is positive
    assert Observation.objects.get(record=saved, code="jiwa.srq20_skor").value_quantity == len(yes)


def test_the_suicide_item_alone_asks_for_urgent_review_and_a_home_visit(record, db):
    patient = adult()
    saved = record("jiwa", patient, answers({17}))
    assert saved.computed["srq"] == 1 and "srq_positif" not in flag_codes(saved)
    flag = next(f for f in saved.flags if f["code"] == "risiko_bunuh_diri")
    assert flag["severity"] == "danger"
    assert "bunuh diri" in FollowUp.objects.get(patient=patient).reason


def test_every_item_must_be_answered(record, db):
    values = answers()
    del values["srq09"]
    with pytest.raises(ValidationError) as raised:
        record("jiwa", adult(), values)
    assert raised.value.message_dict == {"srq09": [REQUIRED]}


def test_napza_use_names_the_substance_and_injecting_asks_for_an_hiv_test(record, db):
    with pytest.raises(ValidationError) as raised:
        record("jiwa", adult(), answers(napza=True))
    assert raised.value.message_dict == {"napza_type": [REQUIRED]}
    saved = record("jiwa", adult(), answers(napza=True, napza_type="opioid", napza_injection=True))
    assert {"napza", "penasun"} <= flag_codes(saved)


def test_a_17_year_old_gets_the_sdq_in_klaster_2_instead(record, db):
    with pytest.raises(ValidationError) as raised:
        record("jiwa", adult(17), answers())
    assert raised.value.messages == [NOT_APPLICABLE % {"package": "Skrining kesehatan jiwa (SRQ-20) dan NAPZA"}]
