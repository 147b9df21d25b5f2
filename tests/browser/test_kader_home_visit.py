"""A home visit in the browser: the kader's visit plan, the family page, a life-stage checklist whose
"Tidak" becomes a tindak lanjut, the PIS-PK family form with its IKS, and the IKS per area."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.facilities.models import Facility
from ilp.outreach import pispk
from ilp.people.models import Family, FamilyRelation
from ilp.visits.models import FollowUp

from .conftest import login, register, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def posyandu(puskesmas):
    return puskesmas.children.filter(kind=Facility.Kind.POSYANDU).order_by("code").first()


@pytest.fixture
def kader(posyandu):
    return make_user("kader", Role.KADER, facility=posyandu, first_name="Rina", last_name="Marlina")


def test_a_home_visit_from_the_plan_to_the_iks(page, kader, pendaftaran, posyandu):
    desa = posyandu.wilayah.select_related("parent").get()
    family = Family.objects.create(kk_number="1310012008150009", desa=desa, address="Jorong Koto Baru", rt="002", rw="001")
    today = dt.date.today()
    head = register(pendaftaran, "Syafrizal", sex="M", birth_date=dt.date(1958, 5, 2), desa=desa, serial=41)
    baby = register(pendaftaran, "Aisyah Zahra", sex="F", birth_date=today - dt.timedelta(days=200), desa=desa, serial=42)
    for person, relation in ((head, FamilyRelation.KEPALA), (baby, FamilyRelation.CUCU)):
        person.family, person.family_relation = family, relation
        person.save(update_fields=["family", "family_relation"])

    login(page, "kader")
    page.goto(f"/posyandu/{posyandu.pk}/rencana-kunjungan/")
    plan = page.get_by_test_id("visit-plan")
    expect(plan).to_contain_text("Aisyah Zahra")
    expect(plan).to_contain_text("Syafrizal")
    shot(page, "kunjungan-rumah-rencana")

    plan.locator("li", has_text="Syafrizal").get_by_role("link", name="Kunjungan rumah").click()
    members = page.get_by_test_id("members")
    expect(members).to_contain_text("Aisyah Zahra")
    members.locator("li", has_text="Syafrizal").get_by_role("link", name="lansia").click()
    for label, answer in (("Skrining lansia tahun ini (SKILAS)", "Tidak"), ("Penyakit kronis diobati teratur", "Tidak berlaku (tidak ada penyakit kronis)"),
                          ("Mandiri dalam aktivitas sehari-hari", "Ya"), ("Rumah aman dari risiko jatuh", "Ya")):
        page.get_by_label(label).select_option(label=answer)
    shot(page, "kunjungan-rumah-checklist-lansia")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Belum skrining lansia tahun ini").first).to_be_visible()
    assert FollowUp.objects.get(patient=head).reason == "Lansia belum skrining tahun ini: skrining di Posyandu atau rumah"

    page.goto(f"/kunjungan-rumah/keluarga/{family.pk}/")
    for indicator in pispk.INDICATORS:
        answer = "tidak" if indicator.code == "jamban_sehat" else "ya" if indicator.always or indicator.code in (
            "asi_eksklusif", "pemantauan_balita", "kb") else "na"
        page.locator(f"input[name={indicator.code}][value={answer}]").check()
    page.get_by_role("button", name="Simpan formulir keluarga").click()
    expect(page.get_by_test_id("iks")).to_contain_text("IKS 0,857")  # 6 of 7 applicable
    expect(page.get_by_test_id("iks")).to_contain_text("Keluarga sehat")
    expect(page.get_by_test_id("home-records")).to_contain_text("Belum skrining lansia tahun ini")
    expect(page.get_by_test_id("family-follow-ups")).to_contain_text("pemicuan STBM")
    shot(page, "kunjungan-rumah-keluarga")

    page.goto("/kunjungan-rumah/iks/")
    expect(page.get_by_test_id("iks-desa").locator("tbody tr", has_text=desa.name)).to_contain_text("1,000")
    shot(page, "kunjungan-rumah-iks")
