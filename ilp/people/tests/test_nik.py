"""NIK checks (DOMAIN.md §6.4): hard errors reject, unknown codes and disagreements only warn."""

import datetime as dt

import pytest

from ilp.people.nik import (
    BAD_DAY,
    BAD_MONTH,
    IMPOSSIBLE_DATE,
    NOT_16_DIGITS,
    UNKNOWN_PROVINCE,
    WARN_BIRTH_DATE,
    WARN_SEX,
    WARN_UNKNOWN_KABKOTA,
    WARN_UNKNOWN_KECAMATAN,
    ZERO_SERIAL,
    NikError,
    build_nik,
    consistency_warnings,
    parse_nik,
)

TODAY = dt.date(2025, 6, 15)
SITIUNG = "13.10.04"  # Kecamatan Sitiung, Kabupaten Dharmasraya


def nik(*, region: str = "131004", ddmmyy: str = "170885", serial: str = "0001") -> str:
    return f"{region}{ddmmyy}{serial}"


def hard_error(raw: str) -> str:
    with pytest.raises(NikError) as raised:
        parse_nik(raw, today=TODAY)
    return raised.value.message


def test_parse_nik_reads_a_man_s_birth_date_and_sex():
    parsed = parse_nik(nik(ddmmyy="170885"), today=TODAY)
    assert (parsed.birth_date, parsed.sex, parsed.warnings) == (dt.date(1985, 8, 17), "M", [])


def test_parse_nik_reads_a_woman_s_day_plus_forty():
    parsed = parse_nik(nik(ddmmyy="570885"), today=TODAY)
    assert (parsed.birth_date, parsed.sex) == (dt.date(1985, 8, 17), "F")


def test_parse_nik_places_a_two_digit_year_in_the_latest_century_not_in_the_future():
    assert parse_nik(nik(ddmmyy="010124"), today=TODAY).birth_date == dt.date(2024, 1, 1)
    assert parse_nik(nik(ddmmyy="010126"), today=TODAY).birth_date == dt.date(1926, 1, 1)


def test_parse_nik_accepts_spaces_and_dots_as_typed_from_a_card():
    assert parse_nik("1310.0417 0885 0001", today=TODAY).value == "1310041708850001"


def test_parse_nik_gives_the_kecamatan_of_first_issue_as_a_dotted_code():
    assert parse_nik(nik(), today=TODAY).kecamatan_code == SITIUNG


@pytest.mark.parametrize("raw", ["131004170885001", "13100417088500011", "13100417O8850001", "", None])
def test_parse_nik_rejects_anything_but_sixteen_digits(raw):
    assert hard_error(raw) == NOT_16_DIGITS


def test_parse_nik_rejects_an_unknown_province():
    assert hard_error(nik(region="101004")) == UNKNOWN_PROVINCE % {"code": "10"}


@pytest.mark.parametrize("day", ["00", "32", "40", "72", "99"])
def test_parse_nik_rejects_a_day_outside_01_31_and_41_71(day):
    assert hard_error(nik(ddmmyy=f"{day}0885")) == BAD_DAY % {"day": day}


@pytest.mark.parametrize("month", ["00", "13"])
def test_parse_nik_rejects_an_impossible_month(month):
    assert hard_error(nik(ddmmyy=f"17{month}85")) == BAD_MONTH % {"month": month}


@pytest.mark.parametrize("ddmmyy", ["310285", "710285", "310485"])
def test_parse_nik_rejects_a_date_that_is_not_in_the_calendar(ddmmyy):
    assert hard_error(nik(ddmmyy=ddmmyy)) == IMPOSSIBLE_DATE % {"date": f"{ddmmyy[:2]}-{ddmmyy[2:4]}-{ddmmyy[4:]}"}


def test_parse_nik_accepts_the_29th_of_february_of_a_leap_year():
    assert parse_nik(nik(ddmmyy="690284"), today=TODAY).birth_date == dt.date(1984, 2, 29)


def test_parse_nik_rejects_serial_0000():
    assert hard_error(nik(serial="0000")) == ZERO_SERIAL


def test_parse_nik_warns_about_an_unknown_kabupaten():
    parsed = parse_nik(nik(region="139901"), today=TODAY)
    assert parsed.warnings == [WARN_UNKNOWN_KABKOTA % {"code": "13.99"}]


def test_parse_nik_warns_about_an_unknown_kecamatan_of_a_known_kabupaten():
    parsed = parse_nik(nik(region="131099"), today=TODAY)
    assert parsed.warnings == [WARN_UNKNOWN_KECAMATAN % {"code": "13.10.99"}]


def test_consistency_warnings_are_empty_when_the_record_agrees_with_the_nik():
    parsed = parse_nik(nik(ddmmyy="570885"), today=TODAY)
    assert consistency_warnings(parsed, sex="F", birth_date=dt.date(1985, 8, 17)) == []


def test_consistency_warnings_flag_a_sex_that_disagrees_with_the_nik():
    parsed = parse_nik(nik(ddmmyy="570885"), today=TODAY)
    assert consistency_warnings(parsed, sex="M", birth_date=None) == [WARN_SEX % {"sex": "perempuan"}]


def test_consistency_warnings_flag_a_birth_date_that_disagrees_with_the_nik():
    parsed = parse_nik(nik(ddmmyy="170885"), today=TODAY)
    assert consistency_warnings(parsed, sex="M", birth_date=dt.date(1985, 8, 18)) == [
        WARN_BIRTH_DATE % {"entered": "18-08-1985", "nik": "17-08-1985"}
    ]


def test_consistency_warnings_ignore_the_century_which_the_nik_cannot_tell():
    parsed = parse_nik(nik(ddmmyy="010120"), today=TODAY)
    assert consistency_warnings(parsed, sex="M", birth_date=dt.date(1920, 1, 1)) == []


@pytest.mark.parametrize(("sex", "birth_date"), [("M", dt.date(1990, 3, 9)), ("F", dt.date(2019, 12, 31))])
def test_build_nik_round_trips_through_parse_nik(sex, birth_date):
    value = build_nik(kecamatan_code=SITIUNG, birth_date=birth_date, sex=sex, serial=42)
    parsed = parse_nik(value, today=TODAY)
    assert (parsed.value[12:], parsed.birth_date, parsed.sex, parsed.kecamatan_code) == ("0042", birth_date, sex, SITIUNG)
