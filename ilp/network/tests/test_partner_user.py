"""The kepala Puskesmas creates the login of a partner klinik's doctor (decision 0020): role dokter, facility =
the klinik, Django's password validators, audited; nobody else may, and not for a member that is no klinik/DPM."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from conftest import make_user
from ilp.accounts.models import Role
from ilp.audit.models import AuditEntry
from ilp.network import services
from ilp.network.choices import MemberKind

from .factories import D

pytestmark = pytest.mark.django_db
GOOD = {"username": "dr.rahmi", "first_name": "dr. Rahmi", "last_name": "Putri", "password": "Sitiung-Medika-77",
        "password_again": "Sitiung-Medika-77"}


@pytest.fixture
def member(kapus, clinic):
    return services.add_member(actor=kapus, kind=MemberKind.KLINIK, facility=clinic, joined_on=D(2026, 1, 5))


def test_the_head_creates_a_dokter_scoped_to_the_klinik_and_it_is_audited(client, kapus, member, clinic):
    client.force_login(kapus)
    url = reverse("network:member_user", args=[member.pk])
    assert 'data-testid="partner-user-link"' in client.get(member.get_absolute_url()).content.decode()
    response = client.post(url, GOOD)
    assert response.status_code == 302 and response.url == member.get_absolute_url()
    user = get_user_model().objects.get(username="dr.rahmi")
    assert (user.role, user.facility, user.sees_patients) == (Role.DOKTER, clinic, True)
    assert user.check_password("Sitiung-Medika-77")
    entry = AuditEntry.objects.get(action="network.partner_user_create")
    assert (entry.actor, entry.target_id) == (kapus, str(user.pk))
    assert "dr.rahmi" in client.get(url).content.decode()  # listed among the klinik's logins
    client.force_login(user)
    assert client.get("/").status_code == 200


@pytest.mark.parametrize(("changes", "field", "message"), [
    ({"password": "pendek1", "password_again": "pendek1"}, "password", "terlalu pendek"),
    ({"password": "password123", "password_again": "password123"}, "password", "terlalu umum"),
    ({"password_again": "Sitiung-Medika-78"}, "password_again", "tidak sama"),
    ({"username": "KAPUS"}, "username", "sudah dipakai"),
])
def test_a_bad_password_or_taken_username_is_refused_keeping_what_was_typed(client, kapus, member, changes, field,
                                                                             message):
    client.force_login(kapus)
    before = get_user_model().objects.count()
    response = client.post(reverse("network:member_user", args=[member.pk]), GOOD | changes)
    html = response.content.decode()
    assert response.status_code == 400 and message in html
    assert 'value="dr. Rahmi"' in html
    assert get_user_model().objects.count() == before
    assert not AuditEntry.objects.filter(action="network.partner_user_create").exists()


def test_only_the_head_of_that_puskesmas_may(client, member, puskesmas_lain, dinkes, dokter_klinik):
    other_head = make_user("kapus.lain", Role.KEPALA_PUSKESMAS, facility=puskesmas_lain)
    for user, status in [(other_head, 404), (dinkes, 403), (dokter_klinik, 403)]:
        client.force_login(user)
        assert client.post(reverse("network:member_user", args=[member.pk]), GOOD).status_code == status
    assert not get_user_model().objects.filter(username="dr.rahmi").exists()
    with pytest.raises(Exception, match="Kepala Puskesmas"):
        services.create_partner_user(actor=other_head, member=member, username="x.y", first_name="x", last_name="",
                                     password="Sitiung-Medika-77")


def test_a_member_that_is_no_klinik_or_dpm_gets_no_login(client, kapus):
    school = services.add_member(actor=kapus, kind=MemberKind.SEKOLAH, name="SDN 01 Sitiung", joined_on=D(2026, 1, 5))
    client.force_login(kapus)
    response = client.post(reverse("network:member_user", args=[school.pk]), GOOD)
    assert response.status_code == 400
    assert "hanya untuk anggota jejaring klinik" in response.content.decode()
    assert not get_user_model().objects.filter(username="dr.rahmi").exists()
