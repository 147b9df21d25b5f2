"""The W2 report and the weekly page for the last week of the demo data, against a count by hand."""

import datetime as dt
import random

import pytest
import time_machine

from ilp.people.tests.factories import PatientFactory
from ilp.reports.area import area_for_code
from ilp.reports.builders import build_report
from ilp.reports.tables import Month
from ilp.surveillance import demo, selectors
from ilp.surveillance.models import Alert

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 25)  # a Wednesday of ISO week 48: the demo's last full week is W47, 16–22 November


@pytest.fixture
def demo_weeks(dokter, puskesmas):
    for desa in puskesmas.wilayah.order_by("code")[:2]:
        for _ in range(8):
            PatientFactory(desa=desa, birth_date=dt.date(1990, 1, 1))
    with time_machine.travel(dt.datetime(2026, 11, 25, 9, tzinfo=dt.UTC)):
        demo.seed(puskesmas=puskesmas, today=TODAY, rng=random.Random(7))


def test_w2_week_47_of_the_demo_matches_the_hand_count(demo_weeks, puskesmas):
    # By hand from demo.PLAN, weeks_before == 1: diare akut 3 named + 4 from the Pustu register = 7 (desa 1);
    # dengue 1 (desa 1); pneumonia 2 (desa 2); ILI 3 (desa 2); 13 in all.
    table = build_report("w2", area=area_for_code(puskesmas.code), month=Month(2026, 11)).tables[0]
    column = next(i for i, c in enumerate(table.columns) if c.path == ("Minggu 47", "16/11-22/11"))
    week = {row.cells[1].value or row.cells[2].value: row.cells[column].value for row in table.rows}
    assert {code: n for code, n in week.items() if n} == {"A": 7, "C": 1, "D": 2, "Y": 3, "JUMLAH": 13}


def test_the_weekly_page_counts_the_same_weeks_and_marks_the_one_alert(demo_weeks, kapus, puskesmas):
    desa = puskesmas.wilayah.order_by("code").first()
    table = selectors.weekly_table(user=kapus, desa=desa, last_week=dt.date(2026, 11, 22), weeks=4)
    rows = {d.code: values for d, values, _ in table.rows}
    assert table.labels == ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]
    assert (rows["A"], rows["C"], rows["Y"]) == ([2, 1, 2, 7], [0, 1, 0, 1], [0, 0, 0, 0])
    alert = Alert.objects.get()
    assert (alert.disease, alert.desa, alert.week_start, alert.count) == ("A", desa, dt.date(2026, 11, 16), 7)
    assert table.alerts == {("A", dt.date(2026, 11, 16))}
