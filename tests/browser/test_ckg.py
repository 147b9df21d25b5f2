"""CKG in the browser: an adult and a lansia from the desk to the result letter and the gap worklist.

The adult answers the self-report on "their phone" (a second browser without a login); the nurse's form
arrives with those answers filled in. The scripted entry time of the whole adult record (registration to
letter) is measured and printed: the target is ≤ 8 minutes for a trained nakes.
"""

import datetime as dt
import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.visits.models import FollowUp

from .conftest import login, register, shot, signed_in

pytestmark = pytest.mark.browser


def _born(years: int) -> dt.date:
    return timezone.localdate().replace(month=1, day=2) - dt.timedelta(days=365 * years + years // 4)


def _register_at_desk(page, patient) -> str:
    """Find by NIK, register, and return the self-report link shown once."""
    page.goto("/ckg/")
    page.get_by_label("NIK, nomor tiket CKG atau nama").fill(patient.nik)
    page.get_by_role("button", name="Cari").click()
    row = page.get_by_test_id("ckg-found").get_by_role("row", name=re.compile(patient.name))
    row.locator("select[name=payer]").select_option("ckg")
    row.get_by_role("button", name="Daftar CKG").click()
    expect(page.get_by_test_id("ckg-ticket")).to_be_visible()
    expect(page.get_by_test_id("ckg-self-qr").locator("svg")).to_be_visible()
    shot(page, "ckg-registered-qr")
    return page.get_by_test_id("ckg-self-link").inner_text()


def _fill(page, values: dict) -> None:
    form = page.get_by_test_id("ckg-exam")
    for name, value in values.items():
        field = form.locator(f"[name='{name}']")
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_adult_and_lansia_ckg_from_registration_to_letter_and_worklist(page, browser, live_server, pendaftaran, desa):
    make_user("dokter", Role.DOKTER, facility=pendaftaran.facility, first_name="Andi")
    adult = register(pendaftaran, "Rahmat Hidayat", sex="M", birth_date=_born(45), desa=desa, serial=11)
    elder = register(pendaftaran, "Nurhayati", sex="F", birth_date=_born(67), desa=desa, serial=12)
    login(page, "pendaftaran")
    started = time.monotonic()
    link = _register_at_desk(page, adult)

    phone = browser.new_context(base_url=live_server.url).new_page()  # the person's own phone: no login
    phone.goto(link)
    phone.locator("[name='ptm_dewasa-smoking']").select_option("ya")
    phone.locator("[name='ptm_dewasa-physical_activity']").select_option("kurang")
    phone.locator("[name='tbc_skrining-cough']").select_option("false")
    shot(phone, "ckg-self-report")
    phone.get_by_role("button", name="Kirim").click()
    expect(phone.get_by_test_id("ckg-self-done")).to_be_visible()
    phone.goto(link)
    expect(phone.get_by_test_id("ckg-self-invalid")).to_be_visible()  # one time only

    dokter = signed_in(browser, live_server, "dokter")
    dokter.goto(page.url)
    dokter.get_by_test_id("ckg-examine").click()
    expect(dokter.locator("[name='ptm_dewasa-smoking']")).to_have_value("ya")  # from the self-report
    _fill(dokter, {"ptm_dewasa-sbp": "400", "ptm_dewasa-dbp": "95"})
    dokter.get_by_role("button", name="Simpan pemeriksaan").click()
    expect(dokter.get_by_text(re.compile("tidak mungkin"))).to_be_visible()  # out of range: nothing saved
    _fill(dokter, {"ptm_dewasa-sbp": "152", "ptm_dewasa-dbp": "94", "ptm_dewasa-weight": "78", "ptm_dewasa-height": "165",
                   "ptm_dewasa-waist": "96", "ptm_dewasa-gds": "160", "ptm_dewasa-cholesterol": "230",
                   "ptm_dewasa-alcohol": "false", "ptm_dewasa-fruit_veg": "false", "ptm_dewasa-sugar_salt_fat": "true",
                   "ptm_dewasa-puma": "3", "indera-visus_right": "normal", "indera-visus_left": "normal",
                   "indera-whisper": "normal", "ckg_dewasa-teeth_caries": "false", "ckg_dewasa-creatinine": "1.0",
                   "ckg_dewasa-egfr": "85", "ckg_dewasa-hbsag": "non_reaktif", "ckg_dewasa-anti_hcv": "non_reaktif"})
    dokter.get_by_role("button", name="Simpan pemeriksaan").click()
    dokter.get_by_test_id("ckg-finish").click()
    expect(dokter.get_by_test_id("ckg-letter-result")).to_have_text("Penyakit, ditangani di FKTP")
    elapsed = time.monotonic() - started
    print(f"\nCKG adult record, scripted entry time (registration to result letter): {elapsed:.1f} s")
    expect(dokter.get_by_test_id("ckg-letter")).to_contain_text("Hipertensi derajat 1")
    shot(dokter, "ckg-letter-adult")

    _register_at_desk(page, elder)
    dokter.goto(page.url)
    dokter.get_by_test_id("ckg-examine").click()
    _fill(dokter, {"lansia-sbp": "128", "lansia-dbp": "78", "lansia-weight": "52", "lansia-height": "150",
                   "lansia-amt": "9", "lansia-gds15": "2", "indera-visus_right": "sedang", "indera-visus_left": "normal",
                   "indera-whisper": "normal"})
    dokter.get_by_role("button", name="Simpan pemeriksaan").click()
    shot(dokter, "ckg-elder-detail")
    dokter.get_by_test_id("ckg-finish").click()
    expect(dokter.get_by_test_id("ckg-letter")).to_contain_text("Nurhayati")
    expect(dokter.get_by_test_id("ckg-letter-result")).to_have_text("Penyakit, ditangani di FKTP")  # vision not improved

    # Thirty days on, the hypertension registry entry with no control visit shows on the gap worklist.
    FollowUp.objects.filter(patient=adult).update(created_at=timezone.now() - dt.timedelta(days=31))
    dokter.goto("/ckg/tindak-lanjut/")
    expect(dokter.get_by_test_id("ckg-worklist")).to_contain_text("Register CKG hipertensi")
    expect(dokter.get_by_test_id("ckg-worklist")).not_to_contain_text("Nurhayati")
    shot(dokter, "ckg-worklist")
    page.goto("/ckg/")
    shot(page, "ckg-board")


def test_newborn_by_the_mothers_nik_at_the_ckg_desk(page, live_server, pendaftaran, desa):
    """A baby without NIK: a too-old birth date is refused keeping the input; day 2 registers baby and CKG at once."""
    mother = register(pendaftaran, "Siti Aminah", sex="F", birth_date=_born(27), desa=desa, serial=21)
    login(page, "pendaftaran")
    page.goto("/ckg/")
    newborn = page.get_by_test_id("ckg-newborn")
    newborn.locator("summary").click()
    newborn.get_by_label("NIK ibu").fill(mother.nik)
    newborn.get_by_label("Jenis kelamin bayi").select_option("F")
    newborn.get_by_label("Tanggal lahir bayi").fill((timezone.localdate() - dt.timedelta(days=40)).isoformat())
    newborn.get_by_label("Cara bayar kunjungan").select_option("ckg")
    newborn.get_by_role("button", name="Daftarkan bayi + CKG").click()
    newborn = page.get_by_test_id("ckg-newborn")
    expect(newborn.get_by_test_id("form-errors")).to_contain_text("belum masuk kelompok CKG")
    expect(newborn.get_by_label("NIK ibu")).to_have_value(mother.nik)
    newborn.get_by_label("Tanggal lahir bayi").fill((timezone.localdate() - dt.timedelta(days=2)).isoformat())
    newborn.get_by_role("button", name="Daftarkan bayi + CKG").click()
    expect(page.get_by_test_id("ckg-ticket")).to_be_visible()
    expect(page.locator("body")).to_contain_text("Bayi Ny. Siti Aminah")
    shot(page, "ckg-newborn-registered")
