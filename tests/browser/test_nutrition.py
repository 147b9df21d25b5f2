"""Ruang Gizi in the browser: a wasted toddler's z-scores and growth charts on the counselling page, counselling
saved, PMT started, a negative hand-out refused with its message, a weekly hand-out, and the outcome at the end."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.core.choices import Klaster
from ilp.packages.services import record_package
from ilp.visits.services import open_visit

from .conftest import login, register, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def nutrisionis(puskesmas):
    return make_user("nutrisionis", Role.GIZI, facility=puskesmas, first_name="Dewi", last_name="Lestari")


@pytest.fixture
def bidan(puskesmas):
    return make_user("bidan", Role.BIDAN, facility=puskesmas, klaster=Klaster.IBU_ANAK)


def weigh(actor, child, weight: str, days_ago: int):
    return record_package(actor=actor, patient=child, package_id="balita", confirmed=True,
                          service_date=timezone.localdate() - dt.timedelta(days=days_ago),
                          values={"weight": Decimal(weight), "length": Decimal("82.0"), "measured": "H"})


def test_the_nutritionist_counsels_and_runs_pmt_to_recovery(page: Page, nutrisionis, bidan, puskesmas, desa):
    child = register(bidan, "Aisyah Putri", sex="F", birth_date=timezone.localdate() - dt.timedelta(days=800), desa=desa, serial=41)
    weigh(bidan, child, "10.0", days_ago=120)
    weigh(bidan, child, "8.6", days_ago=2)  # WHZ −2.53: gizi kurang
    visit = open_visit(actor=bidan, facility=puskesmas)
    visit.patient = child
    visit.save(update_fields=["patient"])

    login(page, "nutrisionis")
    page.goto(f"/gizi/kunjungan/{visit.pk}/")
    expect(page.locator('[data-z="whz"]')).to_have_text("-2,53")
    expect(page.get_by_test_id("eligibility-reason")).to_contain_text("BB/TB -2,53 SD (< −2 SD")
    expect(page.locator("canvas#chart-wfh")).to_be_visible()

    form = page.get_by_test_id("counselling-form")
    form.get_by_label("Gizi kurang / berat badan kurang").check()
    form.get_by_label("Asesmen gizi (asupan, pola makan, masalah)").fill("Makan 2x sehari, jarang lauk hewani")
    form.get_by_label("Anjuran yang disepakati").fill("Telur setiap hari, makan 3x + 2x selingan")
    form.get_by_role("button", name="Simpan konseling").click()
    expect(page.get_by_test_id("counselling-history")).to_contain_text("Telur setiap hari")
    shot(page, "nutrition-counselling")

    start = page.get_by_test_id("pmt-start-form")
    start.get_by_label("Jenis PMT").select_option("lokal")
    start.get_by_role("button", name="Mulai PMT").click()
    expect(page.get_by_test_id("pmt-berjalan")).to_contain_text("Balita gizi kurang")

    hand_out = page.get_by_test_id("distribution-form")
    hand_out.get_by_label("Jumlah").fill("-1")
    hand_out.get_by_role("button", name="Simpan pemberian").click()
    expect(hand_out).to_contain_text("Jumlah PMT harus lebih dari 0.")
    expect(hand_out.get_by_label("Jumlah")).to_have_value("-1")
    hand_out.get_by_label("Jumlah").fill("7")
    hand_out.get_by_label("Satuan").select_option("paket")
    hand_out.get_by_label("Frekuensi").select_option("mingguan")
    hand_out.get_by_role("button", name="Simpan pemberian").click()
    expect(page.get_by_test_id("distributions")).to_contain_text("7 paket bahan pangan")

    weigh(bidan, child, "9.4", days_ago=0)  # WHZ −1.46 at the end
    page.get_by_test_id("finish-form").get_by_role("button", name="Tutup PMT").click()
    expect(page.get_by_test_id("pmt-outcome")).to_contain_text("kenaikan BB 0,8 kg")
    expect(page.get_by_test_id("pmt-outcome")).to_contain_text("pulih")
    shot(page, "nutrition-pmt")
