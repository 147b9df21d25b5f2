"""The bidan reviews an offline weighing that disagrees with hers (both kept); the kader's WhatsApp number page."""

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.core.choices import Klaster
from ilp.facilities.models import Facility
from ilp.outreach.models import SyncConflict, WhatsAppContact
from ilp.outreach.services import receive_upload
from ilp.packages.services import record_package

from .conftest import login, register, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def posyandu(puskesmas):
    return puskesmas.children.filter(kind=Facility.Kind.POSYANDU).order_by("code").first()


def test_the_bidan_reviews_a_conflict_and_the_kader_sets_her_whatsapp(page, puskesmas, posyandu, pendaftaran):
    kader = make_user("kader", Role.KADER, facility=posyandu, first_name="Rina", last_name="Marlina")
    make_user("bidan", Role.BIDAN, facility=puskesmas, klaster=Klaster.IBU_ANAK, first_name="Yuliana", last_name="Sari")
    desa = posyandu.wilayah.select_related("parent").get()
    today = dt.date.today()
    baby = register(pendaftaran, "Putra Ananda", sex="M", birth_date=today - dt.timedelta(days=300), desa=desa, serial=51)
    record_package(actor=pendaftaran, patient=baby, package_id="balita", values={"weight": Decimal("8.0")}, service_date=today)
    receive_upload(actor=kader, uuid=uuid.uuid4(), kind="weighing",
                   payload={"patient_id": baby.pk, "service_date": today.isoformat(), "values": {"weight": "8.6"}})

    login(page, "bidan")
    page.goto("/posyandu/bentrok/")
    row = page.get_by_test_id("conflicts").locator("tbody tr", has_text="Putra Ananda")
    expect(row).to_contain_text("8.0 kg")
    expect(row).to_contain_text("8.6 kg")
    shot(page, "posyandu-bentrok")
    row.get_by_placeholder("Mana yang benar?").fill("Timbangan Posyandu dikalibrasi ulang; 8,6 kg benar")
    row.get_by_role("button", name="Sudah ditinjau").click()
    expect(page.get_by_test_id("empty-state")).to_contain_text("Tidak ada bentrok data.")
    assert SyncConflict.objects.get().reviewed_at is not None

    page.context.clear_cookies()
    login(page, "kader")
    page.goto("/posyandu/whatsapp/")
    page.get_by_label("Nomor WhatsApp Anda").fill("0812 3456 7890")
    shot(page, "posyandu-whatsapp")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_contain_text("Nomor WhatsApp tersimpan.")
    assert WhatsAppContact.objects.get(user=kader).wa_id == "6281234567890"
