"""Kesling in the browser: a nurse records a well inspection from its checklist; the risk category is shown
on the inspection page and counted in the recap per desa."""

import pytest
from playwright.sync_api import expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.kesling.checklists import checklists

from .conftest import login, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def perawat(puskesmas):
    return make_user("perawat", Role.PERAWAT, facility=puskesmas, first_name="Dewi", last_name="Lestari")


def test_a_well_inspection_shows_its_risk_category(page, perawat, desa):
    login(page, "perawat")
    page.goto("/kesling/")
    page.get_by_test_id("new-sam").click()
    form = page.get_by_test_id("inspection-form")
    form.get_by_label("Nama sarana / pemilik").fill("Sumur gali Bu Yusni")
    form.get_by_label("Desa").select_option(str(desa.pk))
    items = checklists()["sam"].items
    for index, item in enumerate(items[:-1]):
        form.locator(f"input[name=item_{item.id}][value={'ya' if index < 4 else 'tidak'}]").check()
    form.get_by_role("button", name="Simpan dan hitung hasil").click()
    expect(page.get_by_text("Pilih Ya atau Tidak.")).to_be_visible()  # the last item was left unanswered
    expect(form.get_by_label("Nama sarana / pemilik")).to_have_value("Sumur gali Bu Yusni")
    form.locator(f"input[name=item_{items[-1].id}][value=tidak]").check()
    form.get_by_role("button", name="Simpan dan hitung hasil").click()
    expect(page.get_by_test_id("inspection-result")).to_contain_text("Risiko pencemaran sedang")
    expect(page.get_by_test_id("inspection-result")).to_contain_text("4/10")
    shot(page, "kesling-inspection")
    page.goto("/kesling/rekap/")
    expect(page.get_by_test_id("recap")).to_contain_text(desa.name)
    shot(page, "kesling-recap")
