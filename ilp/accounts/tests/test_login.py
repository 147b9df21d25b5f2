"""Logging in and out, and the login every page asks for."""

from django.urls import reverse
from pytest_django.asserts import assertContains, assertRedirects

from ilp.accounts.tests.factories import PASSWORD

LOGIN = reverse("accounts:login")
WRONG_LOGIN = "Nama pengguna atau kata sandi salah."


def test_login_page_is_open_to_anonymous_visitors(client, db):
    assertContains(client.get(LOGIN), 'name="password"')


def test_login_with_the_right_password_goes_to_the_home_page(client, pendaftaran):
    response = client.post(LOGIN, {"username": "pendaftaran", "password": PASSWORD})
    assertRedirects(response, reverse("dashboards:home"), fetch_redirect_response=False)


def test_login_with_a_wrong_password_says_so_in_indonesian_and_keeps_the_username(client, pendaftaran):
    response = client.post(LOGIN, {"username": "pendaftaran", "password": "salah"})
    assertContains(response, WRONG_LOGIN)
    assertContains(response, 'value="pendaftaran"')
    assert "_auth_user_id" not in client.session


def test_login_returns_to_the_page_that_asked_for_it(client, pendaftaran):
    response = client.post(f"{LOGIN}?next=/pasien/", {"username": "pendaftaran", "password": PASSWORD, "next": "/pasien/"})
    assertRedirects(response, "/pasien/", fetch_redirect_response=False)


def test_login_does_not_follow_a_next_to_another_site(client, pendaftaran):
    response = client.post(LOGIN, {"username": "pendaftaran", "password": PASSWORD, "next": "https://evil.example/"})
    assertRedirects(response, reverse("dashboards:home"), fetch_redirect_response=False)


def test_login_page_sends_a_logged_in_user_home(client, pendaftaran):
    client.force_login(pendaftaran)
    assertRedirects(client.get(LOGIN), reverse("dashboards:home"), fetch_redirect_response=False)


def test_a_page_sends_an_anonymous_visitor_to_the_login_page(client, db):
    assertRedirects(client.get("/pasien/"), f"{LOGIN}?next=/pasien/", fetch_redirect_response=False)


def test_logout_ends_the_session_and_shows_the_login_page(client, pendaftaran):
    client.force_login(pendaftaran)
    response = client.post(reverse("accounts:logout"))
    assertRedirects(response, LOGIN, fetch_redirect_response=False)
    assert client.get(reverse("dashboards:home")).status_code == 302


def test_logout_by_a_plain_link_is_refused(client, pendaftaran):
    # A GET must not log anyone out (a link or an <img> on another site could do it).
    client.force_login(pendaftaran)
    assert client.get(reverse("accounts:logout")).status_code == 405
