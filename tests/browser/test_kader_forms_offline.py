"""The kader app's other forms with no signal, in Debian's chromium: a new household and its newborn, the newborn's
weighing, a home-visit checklist and the PIS-PK family form, all made offline, kept through a reload, sent when
online; a rejected registration corrected on the phone; the data then on the Puskesmas pages and dashboard."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.facilities.models import Facility
from ilp.outreach.models import FamilySurvey, SyncUpload
from ilp.packages.models import PackageRecord
from ilp.people.models import Family, FamilyRelation, Patient
from ilp.visits.models import FollowUp

from .conftest import login, register, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def posyandu(puskesmas):
    return puskesmas.children.filter(kind=Facility.Kind.POSYANDU).order_by("code").first()


@pytest.fixture
def kader(posyandu):
    return make_user("kader", Role.KADER, facility=posyandu, first_name="Rina", last_name="Marlina")


@pytest.fixture
def grandmother(pendaftaran, posyandu):
    desa = posyandu.wilayah.select_related("parent").get()
    family = Family.objects.create(kk_number="1310012008150031", desa=desa, address="Jorong Koto Tinggi", rt="003", rw="001")
    person = register(pendaftaran, "Nurhayati", sex="F", birth_date=dt.date(1952, 4, 9), desa=desa, serial=51)
    person.family, person.family_relation = family, FamilyRelation.KEPALA
    person.save(update_fields=["family", "family_relation"])
    return person


def fill_entry(page, answers: dict[str, str]) -> None:
    for label, value in answers.items():
        field = page.locator("#entry-fields label", has_text=label).locator("input, select")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(label=value)
        else:
            field.fill(value)


def test_households_people_checklists_and_the_family_form_offline(page, kader, grandmother, posyandu):
    login(page, "kader")
    page.goto("/kader/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    expect(page.locator("#status")).to_contain_text("Tersinkron")
    page.context.set_offline(True)
    expect(page.locator("#net")).to_have_text("luring")

    # A new household, and its newborn with a birth date in the future first (refused on the phone, as the server would).
    page.get_by_role("button", name="Keluarga", exact=True).click()
    page.get_by_role("button", name="Keluarga baru").click()
    fill_entry(page, {"Nomor KK": "13100120", "Alamat": "Jorong Sungai Kambut", "RT": "004", "RW": "002"})
    page.locator("#entry-form").get_by_role("button", name="Simpan").click()
    expect(page.locator("#e-kk_number")).to_have_text("Nomor KK terdiri dari 16 angka.")
    fill_entry(page, {"Nomor KK": "1310012008150088"})
    page.locator("#entry-form").get_by_role("button", name="Simpan").click()
    expect(page.locator("#outbox-list li").first).to_contain_text("menunggu dikirim")

    page.get_by_role("button", name="Keluarga", exact=True).click()
    page.locator("#family-list li", has_text="Sungai Kambut").get_by_role("button", name="Buka").click()
    page.get_by_role("button", name="Tambah anggota").click()
    born = dt.date.today() - dt.timedelta(days=20)
    fill_entry(page, {"Nama lengkap": "Nayla Safitri", "Jenis kelamin": "Perempuan", "Tanggal lahir": born.isoformat(),
                      "Hubungan": "Anak"})
    page.locator("#entry-form").get_by_role("button", name="Simpan").click()
    expect(page.locator("#pending")).to_have_text("2")

    # The newborn is weighed at once, by the UUID the phone gave her.
    page.get_by_role("button", name="Perlu dikunjungi").click()
    page.locator("#due-balita li", has_text="Nayla Safitri").get_by_role("button", name="Timbang").click()
    page.get_by_label("Berat badan (kg)").fill("3.6")
    page.locator("#weigh-form").get_by_role("button", name="Simpan").click()

    # The grandmother's household: the lansia checklist (only the checklists of her life stage) and the PIS-PK form.
    page.get_by_role("button", name="Keluarga", exact=True).click()
    page.locator("#family-list li", has_text="Koto Tinggi").get_by_role("button", name="Buka").click()
    member = page.locator("#member-list li", has_text="Nurhayati")
    expect(member.get_by_role("button", name=re.compile("lansia"))).to_have_count(1)
    expect(member.get_by_role("button", name=re.compile("hamil"))).to_have_count(0)
    member.get_by_role("button", name=re.compile("lansia")).click()
    page.locator("#entry-form").get_by_role("button", name="Simpan").click()
    expect(page.locator("#entry-error")).to_have_text("Periksa isian yang ditandai.")  # every item is required
    fill_entry(page, {"Skrining lansia": "Tidak", "Penyakit kronis": "Tidak berlaku (tidak ada penyakit kronis)",
                      "Mandiri": "Ya", "Rumah aman": "Ya"})
    shot(page, "kader-app-checklist-luring")
    page.locator("#entry-form").get_by_role("button", name="Simpan").click()

    page.get_by_role("button", name="Keluarga", exact=True).click()
    page.locator("#family-list li", has_text="Koto Tinggi").get_by_role("button", name="Buka").click()
    page.get_by_role("button", name="Formulir keluarga (PIS-PK)").click()
    na = "Tidak berlaku"
    fill_entry(page, {"Keluarga Berencana": na, "persalinan di fasilitas": na, "imunisasi dasar": na, "ASI eksklusif": na,
                      "pemantauan pertumbuhan": na, "TB paru": na, "hipertensi": "Ya", "gangguan jiwa": na,
                      "tidak ada yang merokok": "Ya", "JKN": "Ya", "air bersih": "Ya", "jamban sehat": "Tidak"})
    shot(page, "kader-app-pispk-luring")
    page.locator("#entry-form").get_by_role("button", name="Simpan").click()
    expect(page.locator("#pending")).to_have_text("5")

    page.reload()  # no network: the shell from the service worker, the queue from IndexedDB
    expect(page.locator("#pending")).to_have_text("5")
    assert not SyncUpload.objects.exists()

    page.context.set_offline(False)
    page.get_by_role("button", name="Sinkronkan").click()
    expect(page.locator("#pending")).to_have_text("0")
    expect(page.locator("#outbox-list li[data-state=accepted]")).to_have_count(5)
    shot(page, "kader-app-formulir-terkirim")

    baby = Patient.objects.get(name="Nayla Safitri")
    assert (baby.family.kk_number, baby.family_relation, baby.birth_date) == ("1310012008150088", "anak", born)
    assert PackageRecord.objects.get(patient=baby, package_id="balita").values["weight"] == "3.6"
    assert PackageRecord.objects.filter(patient=grandmother, package_id="kunjungan_rumah_lansia").count() == 1
    assert FollowUp.objects.filter(patient=grandmother, reason__startswith="Lansia belum skrining").count() == 1
    survey = FamilySurvey.objects.get(family=grandmother.family)
    assert (survey.met, survey.applicable, str(survey.iks), survey.category) == (4, 5, "0.800", "pra_sehat")

    # The kader's own inbox now lists the follow-ups of her area (addressed to the Pustu).
    page.goto("/tindak-lanjut/")
    expect(page.locator("main")).to_contain_text("Lansia belum skrining tahun ini")

    # The month on the outreach dashboard of her desa: the checklist and the family form counted.
    page.goto("/posyandu/dasbor/")
    row = page.get_by_test_id("outreach-desa").locator("tbody tr", has_text=posyandu.wilayah.get().name)
    expect(row.locator("td").nth(8)).to_have_text("1")  # home visits
    expect(row.locator("td").nth(9)).to_have_text("1")  # families surveyed
    shot(page, "dasbor-luar-gedung")


def test_a_registration_refused_by_the_server_is_corrected_on_the_phone_and_its_records_follow(page, kader, posyandu):
    login(page, "kader")
    page.goto("/kader/")
    expect(page.locator("#status")).to_contain_text("Tersinkron")
    page.context.set_offline(True)
    page.get_by_role("button", name="Keluarga", exact=True).click()
    page.get_by_role("button", name="Keluarga baru").click()
    fill_entry(page, {"Alamat": "Jorong Pulai"})
    page.locator("#entry-form").get_by_role("button", name="Simpan").click()
    page.get_by_role("button", name="Keluarga", exact=True).click()
    page.locator("#family-list li", has_text="Pulai").get_by_role("button", name="Buka").click()
    page.get_by_role("button", name="Tambah anggota").click()
    # A NIK of the right length with day 32: only the server's Dukcapil layout check sees it.
    fill_entry(page, {"Nama lengkap": "Rafa Aditya", "Jenis kelamin": "Laki-laki", "Tanggal lahir": "2025-02-03",
                      "NIK": "1310013202250001", "Hubungan": "Anak"})
    page.locator("#entry-form").get_by_role("button", name="Simpan").click()
    page.get_by_role("button", name="Perlu dikunjungi").click()
    page.locator("#due-balita li", has_text="Rafa Aditya").get_by_role("button", name="Timbang").click()
    page.get_by_label("Berat badan (kg)").fill("10.4")
    page.locator("#weigh-form").get_by_role("button", name="Simpan").click()

    page.context.set_offline(False)
    page.get_by_role("button", name="Sinkronkan").click()
    rejected = page.locator("#outbox-list li[data-state=rejected]")
    expect(rejected).to_have_count(2)  # the registration, and the weighing that depends on it
    expect(rejected.first).to_contain_text("ditolak")
    shot(page, "kader-app-pendaftaran-ditolak")

    page.locator("#outbox-list li[data-state=rejected][data-kind=person]").get_by_role("button", name="Perbaiki").click()
    expect(page.locator("#f-name")).to_have_value("Rafa Aditya")  # what was typed comes back
    page.locator("#f-nik").fill("")
    page.locator("#entry-form").get_by_role("button", name="Simpan").click()
    expect(page.locator("#outbox-list li[data-state=accepted]")).to_have_count(3)  # household, corrected person, weighing
    expect(page.locator("#outbox-list li[data-state=replaced]")).to_have_count(2)
    expect(page.locator("#pending")).to_have_text("0")
    shot(page, "kader-app-pendaftaran-diperbaiki")
    rafa = Patient.objects.get(name="Rafa Aditya")
    assert PackageRecord.objects.get(patient=rafa).values["weight"] == "10.4"
    assert SyncUpload.objects.filter(status="rejected").count() == 2  # the refused attempts stay as history
