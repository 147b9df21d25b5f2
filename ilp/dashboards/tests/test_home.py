"""The home dashboard: counts for the user's own area, never a name for regional roles."""

import datetime as dt

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from ilp.accounts.models import Role
from ilp.accounts.tests.factories import UserFactory
from ilp.dashboards.selectors import home_summary, population_pyramid, residents_by_desa
from ilp.people.tests.factories import FamilyFactory, PatientFactory
from ilp.regions.models import Region

HOME = reverse("dashboards:home")
ON = dt.date(2025, 6, 15)


@pytest.fixture
def residents(desa, puskesmas, desa_lain) -> list:
    """Three residents of our wilayah (two in the kader's desa) and one of the other Puskesmas."""
    tetangga = puskesmas.wilayah.order_by("code")[1]
    return [PatientFactory(name="Siti Aminah", sex="F", desa=desa), PatientFactory(name="Budi Santoso", sex="M", desa=desa),
            PatientFactory(name="Rahmat Koto", sex="M", desa=tetangga),
            PatientFactory(name="Ratna Lubis", sex="F", desa=desa_lain)]


@pytest.mark.parametrize("persona", ["pendaftaran", "bidan", "kapus", "kader", "petugas_lain", "dinkes", "admin_user"])
def test_home_page_opens_for_every_role(db, client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(HOME).status_code == 200


@pytest.mark.parametrize(("persona", "patients"), [
    ("bidan", 3), ("kapus", 3), ("kader", 2), ("petugas_lain", 1), ("dinkes", 4), ("admin_user", 4),
])
def test_home_summary_counts_the_residents_of_the_user_s_area(request, residents, persona, patients):
    assert home_summary(user=request.getfixturevalue(persona)).patients == patients


def test_home_summary_of_dinkes_of_another_kabupaten_counts_none_of_ours(residents):
    other = UserFactory(role=Role.DINKES_KABKOTA, region=Region.objects.get(code="13.01"))
    assert home_summary(user=other).patients == 0


def test_home_summary_counts_households(bidan):
    FamilyFactory(), FamilyFactory()
    assert home_summary(user=bidan).families == 2


def test_home_summary_counts_the_facilities_in_scope_by_kind(kader):
    assert home_summary(user=kader).facilities == [("Posyandu", 1)]


def test_home_summary_counts_registrations_of_today_and_of_this_month(bidan, time_machine):
    for moment in ["2025-05-31 10:00", "2025-06-01 10:00", "2025-06-15 08:00"]:
        time_machine.move_to(dt.datetime.fromisoformat(f"{moment}+07:00"), tick=False)
        PatientFactory()
    summary = home_summary(user=bidan)
    assert (summary.patients, summary.registered_month, summary.registered_today) == (3, 2, 1)


def test_home_page_for_dinkes_shows_counts_and_no_name(client, dinkes, residents):
    client.force_login(dinkes)
    response = client.get(HOME)
    assert response.context["summary"].patients == 4
    assertContains(response, "data agregat, tanpa nama")
    for patient in residents:
        assertNotContains(response, patient.name)
        assertNotContains(response, patient.nik)


def test_population_pyramid_puts_each_resident_in_one_band_by_sex(bidan):
    PatientFactory(sex="F", birth_date=dt.date(1993, 6, 15))  # 32 on ON
    PatientFactory(sex="M", birth_date=dt.date(2025, 1, 1))  # a baby
    pyramid = population_pyramid(user=bidan, on=ON)
    assert (pyramid["female"][6], pyramid["male"][0], sum(pyramid["female"]) + sum(pyramid["male"])) == (1, 1, 2)


def test_population_pyramid_moves_a_child_to_the_next_band_on_her_fifth_birthday(bidan):
    PatientFactory(sex="F", birth_date=dt.date(2020, 6, 15))
    PatientFactory(sex="F", birth_date=dt.date(2020, 6, 16))
    pyramid = population_pyramid(user=bidan, on=ON)
    assert (pyramid["labels"][:2], pyramid["female"][:2]) == (["0–4", "5–9"], [1, 1])


@pytest.mark.parametrize("on", [dt.date(2025, 6, 30), dt.date(2025, 1, 31), dt.date(2024, 2, 29)])
def test_population_pyramid_counts_each_resident_once_at_the_end_of_a_month(bidan, on):
    # Born the day before their 5th, 30th and 75th birthday would fall on `on`: one band each.
    for years in (5, 30, 75):
        birth = on.replace(year=on.year - years, day=28 if on.month == 2 else on.day) - dt.timedelta(days=1)
        PatientFactory(sex="M", birth_date=birth)
    assert sum(population_pyramid(user=bidan, on=on)["male"]) == 3


def test_population_pyramid_counts_the_oldest_in_the_open_band(bidan):
    PatientFactory(sex="F", birth_date=dt.date(1920, 1, 1))
    pyramid = population_pyramid(user=bidan, on=ON)
    assert (pyramid["labels"][-1], pyramid["female"][-1]) == ("75+", 1)


def test_residents_by_desa_lists_the_largest_desa_first(bidan, residents, desa):
    rows = residents_by_desa(user=bidan)
    assert [(r["desa__name"], r["n"]) for r in rows][0] == (desa.name, 2)
