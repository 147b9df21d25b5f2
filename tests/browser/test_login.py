"""Logging in and out as a user would, in Bahasa Indonesia."""

import re

import pytest
from playwright.sync_api import expect

from conftest import PASSWORD

from .conftest import shot

pytestmark = pytest.mark.browser

WRONG_LOGIN = "Nama pengguna atau kata sandi salah. Periksa huruf besar/kecil lalu coba lagi."


def test_wrong_password_shows_the_error_and_keeps_the_username(page, pendaftaran):
    page.goto("/masuk/")
    page.fill("#id_username", "pendaftaran")
    page.fill("#id_password", "bukan-sandinya")
    page.get_by_role("button", name="Masuk").click()

    expect(page.get_by_role("alert")).to_have_text(WRONG_LOGIN)
    expect(page.locator("#id_username")).to_have_value("pendaftaran")
    expect(page.locator("#id_password")).to_have_value("")
    expect(page).to_have_url(re.compile(r"/masuk/$"))
    shot(page, "login-wrong-password")


def test_right_password_lands_on_beranda_and_logout_returns_to_login(page, pendaftaran):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/masuk/\?next=/$"))
    shot(page, "login")

    page.fill("#id_username", "pendaftaran")
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible()
    expect(page.get_by_test_id("whoami")).to_contain_text("Sari Wahyuni")
    expect(page.get_by_test_id("whoami")).to_contain_text("Petugas pendaftaran")
    shot(page, "beranda-pendaftaran")

    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(re.compile(r"/masuk/$"))
    expect(page.get_by_label("Nama pengguna")).to_be_visible()
    expect(page.get_by_test_id("whoami")).to_have_count(0)
    page.goto("/pasien/")
    expect(page).to_have_url(re.compile(r"/masuk/\?next=/pasien/$"))

