"""Klaster 3 and 4 in the browser: every adult, elderly and TB screening package recorded once with its flags
on the record page; impossible values refused with what was typed kept; the TB register from a screening flag
to a contact started on TPT."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.core.choices import Klaster
from ilp.packages.models import PackageRecord

from .conftest import login, register, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def perawat(puskesmas):
    return make_user("perawat", Role.PERAWAT, facility=puskesmas, klaster=Klaster.DEWASA_LANSIA, first_name="Dewi",
                     last_name="Lestari")


@pytest.fixture
def dokter(puskesmas):
    return make_user("dokter", Role.DOKTER, facility=puskesmas, klaster=Klaster.PENYAKIT_MENULAR, first_name="Andi",
                     last_name="Pratama")


def years_ago(years: int) -> dt.date:
    day = timezone.localdate() - dt.timedelta(days=100)
    return day.replace(year=day.year - years)


@pytest.fixture
def people(perawat, desa):
    return {
        "pria": register(perawat, "Hendra Saputra", sex="M", birth_date=years_ago(35), desa=desa, serial=21),
        "wanita": register(perawat, "Rina Kartika", sex="F", birth_date=years_ago(30), desa=desa, serial=22),
        "lansia": register(perawat, "Siti Rahmah", sex="F", birth_date=years_ago(68), desa=desa, serial=23),
        "tetangga": register(perawat, "Yusuf Maulana", sex="M", birth_date=years_ago(40), desa=desa, serial=24),
    }


YES, NO = "true", "false"
SKILAS = ["sk_recall", "sk_orientation", "sk_chair", "sk_weight_loss", "sk_appetite", "sk_lila", "sk_eye", "sk_finger",
          "sk_whisper", "sk_sad", "sk_interest"]
ADL_10 = {"adl_bowel": "2", "adl_bladder": "2", "adl_grooming": "1", "adl_toilet": "1", "adl_feeding": "2", "adl_transfer": "1",
          "adl_mobility": "1", "adl_dressing": "0", "adl_stairs": "0", "adl_bathing": "0"}

# package id, patient, {field id: value} (selects by option value), flags expected on the record page
CASES = [
    ("ptm_dewasa", "pria", {"sbp": "150", "dbp": "95", "weight": "80.0", "height": "165.0", "waist": "95.0", "gds": "210",
                            "smoking": "ya"},
     ["Hipertensi derajat 1", "Obesitas I", "Obesitas sentral", "Suspek DM", "Merokok"]),
    ("ptm_kontrol", "pria", {"diagnosis": "HT", "place": "pustu", "sbp": "150", "dbp": "95", "education": YES,
                             "therapy": "farmakologi"},
     ["Hipertensi tidak terkendali", "Rujuk ke dokter Puskesmas", "Pelayanan hipertensi sesuai standar"]),
    ("kanker", "wanita", {"sadanis": "benjolan", "sexually_active": YES, "iva": "positif", "ablation": YES},
     ["Benjolan/kelainan payudara", "IVA positif"]),
    ("catin", "wanita", {"weight": "45.0", "height": "155.0", "lila": "23.0", "hb": "10.5", "srq_score": "8"},
     ["Anemia sedang", "Risiko KEK", "SRQ-20 ≥ 7"]),
    ("pus", "wanita", {"children": "3", "weight": "50.0", "height": "155.0", "lila": "24.0", "complicated_history": NO,
                       "chronic_disease": "tidak", "kb_method": "implan"},
     ["Hamil dengan pengawasan", "4T: terlalu banyak", "PUS 4T/ALKI memakai KB modern"]),
    ("jiwa", "pria", {**{f"srq{i:02d}": YES if i <= 7 or i == 17 else NO for i in range(1, 21)}, "napza": NO},
     ["SRQ-20 ≥ 7", "Pikiran mengakhiri hidup"]),
    ("indera", "lansia", {"visus_right": "sedang", "visus_left": "normal", "lens_opacity": YES, "whisper": "gangguan"},
     ["Curiga katarak", "Gagal tes bisik"]),
    ("kesja", "pria", {"occupation": "Petani sawit", "hazard_chemical": YES, "ppe": "tidak", "work_complaint": YES},
     ["Terpajan bahaya tanpa APD", "Keluhan terkait pekerjaan"]),
    ("kekerasan", "wanita", {"physical": YES, "psychological": NO, "sexual": NO, "unsafe": YES},
     ["Korban kekerasan", "Tidak aman untuk pulang"]),
    ("lansia", "lansia", {**{item: YES if item == "sk_chair" else NO for item in SKILAS}, **ADL_10, "sbp": "128", "dbp": "78",
                          "weight": "50.0", "height": "150.0"},
     ["SKILAS positif", "ADL 9–11: ketergantungan sedang", "Skrining lansia lengkap"]),
    ("disabilitas", "lansia", {"seeing": "sedikit", "hearing": "tidak", "walking": "banyak", "remembering": "tidak",
                               "selfcare": "tidak", "communicating": "tidak", "assistive_device": NO},
     ["Disabilitas fisik", "Belum memakai alat bantu"]),
    ("tbc_skrining", "pria", {"cough": YES, "weight_loss": NO, "fever": NO, "night_sweats": NO}, ["Terduga TBC"]),
]


def fill(page: Page, values: dict, *, within=None) -> None:
    scope = within or page
    for field, value in values.items():
        box = scope.locator(f"#id_{field}")
        if box.evaluate("e => e.tagName") == "SELECT":
            box.select_option(str(value))
        else:
            box.fill(value.isoformat() if isinstance(value, dt.date) else str(value))


def open_package(page: Page, patient, package_id: str) -> None:
    page.goto(patient.get_absolute_url())
    page.get_by_test_id(f"package-{package_id}").click()
    expect(page.get_by_test_id("package-form")).to_have_attribute("data-package", package_id)


@pytest.mark.parametrize("package_id, who, values, flags", CASES, ids=[c[0] for c in CASES])
def test_each_package_is_recorded_in_the_browser_and_shows_its_flags(page, perawat, people, package_id, who, values, flags):
    login(page, "perawat")
    patient = people[who]
    open_package(page, patient, package_id)
    fill(page, values)
    page.get_by_role("button", name="Simpan").click()
    expect(page).to_have_url(re.compile(rf"/pasien/{patient.pk}/catatan/\d+/$"))
    for label in flags:
        expect(page.get_by_test_id("flags")).to_contain_text(label)
    expect(page.get_by_text(f"{package_id}@1")).to_be_visible()
    shot(page, f"paket-{package_id}")


def test_blood_pressure_400_20_is_refused_and_nothing_is_saved(page, perawat, people):
    login(page, "perawat")
    open_package(page, people["pria"], "ptm_dewasa")
    fill(page, {"sbp": "400", "dbp": "20", "weight": "70.0", "height": "170.0", "gds": "-5"})
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator('[data-field-error="sbp"]')).to_have_text("400 mmHg tidak mungkin; batas 50–300 mmHg.")
    expect(page.locator('[data-field-error="gds"]')).to_have_text("-5 mg/dL tidak mungkin; batas 20–800 mg/dL.")
    expect(page.locator("#id_weight")).to_have_value("70.0")
    assert not PackageRecord.objects.filter(patient=people["pria"]).exists()
    shot(page, "paket-ptm-tidak-mungkin")


def test_a_future_service_date_is_refused(page, perawat, people):
    login(page, "perawat")
    open_package(page, people["lansia"], "indera")
    fill(page, {"service_date": timezone.localdate() + dt.timedelta(days=3), "visus_right": "normal", "visus_left": "normal",
                "whisper": "normal"})
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("form-errors")).to_be_visible()
    expect(page.locator('[data-field-error="service_date"]')).to_have_text("Tanggal layanan tidak boleh di masa depan.")


def step(page: Page, slug: str, values: dict) -> None:
    card = page.get_by_test_id(f"step-{slug}")
    fill(page, values, within=card)
    card.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status").filter(has_text="Tersimpan.")).to_be_visible()


def test_the_tb_register_from_a_screening_flag_to_a_contact_on_tpt(page, dokter, people):
    index, neighbour = people["pria"], people["tetangga"]
    login(page, "dokter")
    open_package(page, index, "tbc_skrining")
    fill(page, {"cough": YES, "weight_loss": YES, "fever": NO, "night_sweats": NO})
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("flags")).to_contain_text("Terduga TBC")

    page.goto("/tbc/")
    page.get_by_test_id("tb-worklist").get_by_role("link", name="Daftarkan").click()
    expect(page.get_by_role("heading", name="Daftarkan terduga TBC")).to_be_visible()
    page.get_by_test_id("tb-case-form").get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("tb-stage")).to_have_text("Terduga TBC")

    step(page, "tes", {"kind": "tcm", "sample_place": "pustu"})
    expect(page.get_by_test_id("tb-stage")).to_have_text("Sedang diperiksa")
    page.get_by_test_id("step-hasil").locator("#id_test").select_option(index=1)
    step(page, "hasil", {"result": "mtb_rif_sensitif"})
    step(page, "diagnosis", {"diagnosis": "bakteriologis", "site": "paru", "resistance": "so"})
    step(page, "pengobatan", {"regimen": "kategori_1", "hiv_status": "nonreaktif", "dm_status": "bukan_dm"})
    expect(page.get_by_test_id("tb-stage")).to_have_text("Dalam pengobatan")
    expect(page.get_by_test_id("tb-contact-progress")).to_have_text("0 dari target 20 kontak diskrining")
    shot(page, "tbc-kasus-indeks")

    page.get_by_test_id("add-contact").click()
    page.get_by_test_id("contact-search").get_by_role("textbox").fill(neighbour.name)
    page.get_by_test_id("contact-search").get_by_role("button", name="Cari").click()
    page.get_by_label(re.compile(neighbour.name)).check()
    fill(page, {"relation": "serumah"}, within=page.get_by_test_id("contact-form"))
    page.get_by_test_id("contact-form").get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("tb-contacts")).to_contain_text(neighbour.name)

    page.get_by_test_id("tb-contacts").get_by_role("link", name=neighbour.name).click()
    step(page, "skrining", {"symptomatic": NO})
    step(page, "tes", {"cxr": "normal", "infection_test": "abnormal"})
    step(page, "keputusan", {"decision": "tpt", "note": "TST positif, foto toraks normal"})
    step(page, "tpt", {"regimen": "3hp"})
    expect(page.get_by_test_id("contact-decision")).to_contain_text("Memenuhi syarat TPT")
    expect(page.get_by_test_id("contact-tpt")).to_contain_text("3HP")
    shot(page, "tbc-kontak-tpt")

    page.get_by_role("link", name=f"Indeks {index.name}").click()
    expect(page.get_by_test_id("tb-contact-progress")).to_have_text("1 dari target 20 kontak diskrining")


def test_a_new_person_is_registered_as_a_contact_in_the_browser(page, dokter, people, desa):
    from ilp.tb import services
    from ilp.tb.models import TbCase, TbTest

    today = timezone.localdate()
    case = services.register_presumptive(actor=dokter, patient=people["pria"], presumptive_on=today, source=TbCase.Source.RUJUKAN)
    test = services.order_test(actor=dokter, case=case, kind=TbTest.Kind.TCM, ordered_on=today)
    services.record_test_result(actor=dokter, test=test, result=TbTest.Result.MTB_RIF_SENSITIF, result_on=today)
    services.record_diagnosis(actor=dokter, case=case, diagnosis=TbCase.Diagnosis.BAKTERIOLOGIS, diagnosed_on=today,
                              site=TbCase.Site.PARU, resistance=TbCase.Resistance.SENSITIF)
    login(page, "dokter")
    page.goto(f"/tbc/{case.pk}/kontak/baru/")
    form = page.get_by_test_id("contact-form")
    fill(page, {"relation": "serumah", "name": "Aisyah Putri", "sex": "F", "birth_date": years_ago(9), "desa": str(desa.pk)},
         within=form)
    form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("tb-contacts")).to_contain_text("Aisyah Putri")
    shot(page, "tbc-kontak-baru")
