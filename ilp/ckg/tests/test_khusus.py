"""PKG Khusus: an ANC contact or a balita weighing already recorded counts as the person's CKG of the year."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ilp.ckg import selectors, services
from ilp.ckg.models import CkgRegistration, Route
from ilp.packages.models import PackageRecord
from ilp.packages.services import record_package
from ilp.people.tests.factories import PatientFactory

from .conftest import born


@pytest.fixture
def bidan_user(puskesmas):
    from conftest import make_user
    from ilp.accounts.models import Role

    return make_user("bidan_khusus", Role.BIDAN, facility=puskesmas)


def _anc(actor, patient, when):
    values = {"hpht": when - dt.timedelta(days=70), "lila": Decimal("25.0"), "sbp": Decimal("110"), "dbp": Decimal("70")}
    return record_package(actor=actor, patient=patient, package_id="anc", values=values, service_date=when, confirmed=True)


def _weighing(actor, patient, when):
    return record_package(actor=actor, patient=patient, package_id="balita", service_date=when, confirmed=True,
                          values={"weight": Decimal("11.5"), "length": Decimal("84.0"), "measured": "L"})


def test_anc_contact_and_balita_weighing_count_as_ckg_and_on_the_dashboard(bidan_user, desa):
    today = timezone.localdate()
    ibu = PatientFactory(name="Dewi", sex="F", birth_date=born(26), desa=desa)
    anak = PatientFactory(name="Rafa", sex="M", birth_date=born(2, 30), desa=desa)
    adult = PatientFactory(sex="M", birth_date=born(35), desa=desa)
    anc, weighing = _anc(bidan_user, ibu, today), _weighing(bidan_user, anak, today)
    records = PackageRecord.objects.count()
    before = selectors.coverage(user=bidan_user, year=today.year)
    assert selectors.khusus_candidates(user=bidan_user, patients=[ibu, anak, adult], year=today.year) == {
        ibu.pk: [anc], anak.pk: [weighing]}

    first = services.register_khusus(actor=bidan_user, record=anc)
    second = services.register_khusus(actor=bidan_user, record=weighing)
    assert (first.route, first.group, first.status, first.source_record) == (Route.KHUSUS, "dewasa_18", "finished", anc)
    assert (second.group, second.visit) == ("balita", weighing.visit)
    assert services.examination_records(second) == [weighing]
    assert PackageRecord.objects.count() == records  # nothing entered again
    after = selectors.coverage(user=bidan_user, year=today.year)
    done = {g["key"]: g["done"] for g in after["groups"]}
    done_before = {g["key"]: g["done"] for g in before["groups"]}
    assert (done["dewasa"] - done_before["dewasa"], done["balita"] - done_before["balita"]) == (1, 1)
    assert dict(after["by_route"])["PKG Khusus (layanan KIA)"] == 2
    assert selectors.khusus_candidates(user=bidan_user, patients=[ibu, anak], year=today.year) == {}


def test_second_ckg_in_the_year_and_non_kia_records_are_refused(bidan_user, desa):
    today = timezone.localdate()
    ibu = PatientFactory(sex="F", birth_date=born(30), desa=desa)
    services.register_khusus(actor=bidan_user, record=_anc(bidan_user, ibu, today))
    with pytest.raises(ValidationError) as raised:
        services.register_khusus(actor=bidan_user, record=_anc(bidan_user, ibu, today))
    assert "sudah ikut CKG tahun" in raised.value.messages[0]
    adult = PatientFactory(sex="M", birth_date=born(40), desa=desa)
    ptm = record_package(actor=bidan_user, patient=adult, package_id="ptm_dewasa", values={"sbp": 120, "dbp": 80},
                         confirmed=True)
    with pytest.raises(ValidationError) as raised:
        services.register_khusus(actor=bidan_user, record=ptm)
    assert raised.value.messages == [services.KHUSUS_NOT_KIA]
    baby = PatientFactory(sex="F", birth_date=today - dt.timedelta(days=120), desa=desa)
    with pytest.raises(ValidationError) as raised:
        services.register_khusus(actor=bidan_user, record=_weighing(bidan_user, baby, today))
    assert raised.value.messages == [services.groups.INFANT_AGE]
    assert CkgRegistration.objects.count() == 1


def test_khusus_from_the_desk_page(client, bidan_user, desa):
    ibu = PatientFactory(name="Dewi Lestari", sex="F", birth_date=born(26), desa=desa)
    anc = _anc(bidan_user, ibu, timezone.localdate())
    client.force_login(bidan_user)
    page = client.get(reverse("ckg:home"), {"q": ibu.nik}).content.decode()
    assert f'data-testid="ckg-khusus-{anc.pk}"' in page
    response = client.post(reverse("ckg:register_khusus", args=[anc.pk]))
    registration = CkgRegistration.objects.get(patient=ibu)
    assert response.url == registration.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert 'data-testid="ckg-khusus"' in page and "Kuesioner mandiri" not in page
