"""Penglihatan dan pendengaran (indera.yaml): refraction vs suspected cataract by the worse eye, severe low
vision, whisper test, wax and discharge (DOMAIN.md §4)."""

import datetime as dt

import pytest

from ilp.packages.tests.factories import TODAY, flag_codes
from ilp.people.tests.factories import PatientFactory

VISION = {"kelainan_refraksi", "curiga_katarak", "gangguan_penglihatan", "gangguan_penglihatan_berat"}


@pytest.fixture
def person(db):
    return PatientFactory(sex="M", birth_date=TODAY.replace(year=TODAY.year - 55) - dt.timedelta(days=30))


def eyes(right="normal", left="normal", **values) -> dict:
    return {"visus_right": right, "visus_left": left, "whisper": "normal", **values}


@pytest.mark.parametrize("values, flags", [
    (eyes(), set()),
    (eyes(left="sedang", pinhole=True), {"kelainan_refraksi"}),
    (eyes(right="sedang", lens_opacity=True), {"curiga_katarak"}),
    (eyes(right="berat", lens_opacity=True), {"curiga_katarak", "gangguan_penglihatan_berat"}),
    (eyes(left="sedang"), {"gangguan_penglihatan"}),
    (eyes(lens_opacity=True), set()),
])
def test_the_worse_eye_decides_between_refraction_and_cataract(record, person, values, flags):
    assert flag_codes(record("indera", person, values)) & VISION == flags


def test_hearing_wax_and_discharge(record, person):
    saved = record("indera", person, eyes(whisper="gangguan", ear_wax=True, ear_discharge=True, near_vision=True))
    assert {"gangguan_pendengaran", "serumen_prop", "otitis_media", "presbiopia"} <= flag_codes(saved)
