"""Klaster 2 in the browser: every service package recorded once by the bidan, its flags on the record page;
the Buku KIA with its growth charts drawn, and a dose recorded on the immunisation card."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.core.choices import Klaster
from ilp.immunization.services import record_immunization
from ilp.packages.services import record_package

from .conftest import login, register, shot

pytestmark = pytest.mark.browser


@pytest.fixture
def bidan(puskesmas):
    return make_user("bidan", Role.BIDAN, facility=puskesmas, klaster=Klaster.IBU_ANAK, first_name="Rina", last_name="Marlina")


def days_ago(days: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=days)


@pytest.fixture
def people(bidan, desa):
    """A mother, a newborn, a toddler and a schoolgirl of our desa."""
    def years_ago(years: int) -> dt.date:
        day = days_ago(100)
        return day.replace(year=day.year - years)

    return {
        "ibu": register(bidan, "Sri Wahyuni", sex="F", birth_date=dt.date(1996, 3, 10), desa=desa, serial=11),
        "bayi": register(bidan, "Bayi Ny. Sri", sex="M", birth_date=days_ago(3), desa=desa, serial=12),
        "balita": register(bidan, "Putri Ananda", sex="F", birth_date=days_ago(400), desa=desa, serial=13),
        "siswi": register(bidan, "Nabila Zahra", sex="F", birth_date=years_ago(13), desa=desa, serial=14),
    }


# package id, patient, {field id: value} (selects by option value), flags expected on the record page
CASES = [
    ("anc", "ibu", {"hpht": days_ago(100), "lila": "23.0", "sbp": "110", "dbp": "70", "hb": "10.5"},
     ["KEK: LILA < 23,5 cm", "Anemia ringan"]),
    ("persalinan", "ibu", {"delivery_date": days_ago(1), "delivery_time": "03:40", "place": "rumah", "method": "spontan",
                           "outcome": "lahir_hidup", "birth_weight": "2400", "vitamin_k1": "false"},
     ["Persalinan tidak di fasyankes", "BBLR: berat lahir < 2500 g", "Bayi belum mendapat vitamin K1"]),
    ("nifas", "ibu", {"delivery_date": days_ago(5), "temperature": "38.5", "kb_method": "implan"},
     ["KF2 (hari ke-3 – 7)", "Demam ≥ 38 °C", "KB pascapersalinan"]),
    ("neonatal", "bayi", {"birth_weight": "2400", "weight": "2350", "hb0": "belum", "shk_sample": "false"},
     ["KN2 (hari ke-3 – 7)", "BBLR", "HB0 belum diberikan", "Sampel SHK belum diambil"]),
    ("balita", "balita", {"weight": "8.5", "length": "69.0", "measured": "L", "kpsp": "meragukan"},
     ["Pendek (TB/U", "Perkembangan meragukan"]),
    ("remaja", "siswi", {"school_grade": "7", "weight": "40.0", "height": "150.0", "sbp": "135", "dbp": "85", "hb": "10.5"},
     ["Hipertensi derajat 1", "Anemia sedang"]),
]


def fill(page: Page, values: dict) -> None:
    for field, value in values.items():
        box = page.locator(f"#id_{field}")
        if box.evaluate("e => e.tagName") == "SELECT":
            box.select_option(str(value))
        else:
            box.fill(value.isoformat() if isinstance(value, dt.date) else str(value))


@pytest.mark.parametrize("package_id, who, values, flags", CASES, ids=[c[0] for c in CASES])
def test_each_package_is_recorded_in_the_browser_and_shows_its_flags(page, bidan, people, package_id, who, values, flags):
    login(page, "bidan")
    patient = people[who]
    page.goto(patient.get_absolute_url())
    page.get_by_test_id(f"package-{package_id}").click()
    expect(page.get_by_test_id("package-form")).to_have_attribute("data-package", package_id)
    fill(page, values)
    page.get_by_role("button", name="Simpan").click()
    expect(page).to_have_url(re.compile(rf"/pasien/{patient.pk}/catatan/\d+/$"))
    for label in flags:
        expect(page.get_by_test_id("flags")).to_contain_text(label)
    expect(page.get_by_text(f"{package_id}@1")).to_be_visible()
    shot(page, f"paket-{package_id}")


def test_a_future_hpht_is_marked_on_its_field(page, bidan, people):
    login(page, "bidan")
    page.goto(f"/pasien/{people['ibu'].pk}/layanan/anc/")
    fill(page, {"hpht": days_ago(-2), "lila": "25.0", "sbp": "110", "dbp": "70"})
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator('[data-field-error="hpht"]')).to_have_text("Tanggal tidak boleh di masa depan.")
    expect(page.locator("#id_lila")).to_have_value("25.0")


def test_the_buku_kia_draws_the_growth_charts_with_the_childs_points(page, bidan, people):
    child = people["balita"]
    for age, weight, length in ((120, "5.6", "61.0"), (210, "7.0", "66.5"), (300, "7.9", "69.5"), (390, "8.6", "72.5")):
        record_package(actor=bidan, patient=child, package_id="balita", service_date=child.birth_date + dt.timedelta(days=age),
                       values={"weight": Decimal(weight), "length": Decimal(length), "measured": "L"}, confirmed=True)
    for vaccine, dose, age in (("HB0", 1, 0), ("BCG", 1, 20), ("OPV", 1, 20), ("DPT-HB-Hib", 1, 62)):
        record_immunization(actor=bidan, patient=child, vaccine=vaccine, dose=dose, given_on=child.birth_date + dt.timedelta(days=age))
    login(page, "bidan")
    page.goto(child.get_absolute_url())
    page.get_by_test_id("buku-kia").click()
    expect(page.get_by_role("heading", name="Buku KIA")).to_be_visible()
    for chart in ("wfa", "lhfa", "wfl"):
        canvas = page.locator(f"#chart-{chart}")
        expect(canvas).to_be_visible()
        page.wait_for_function(f"() => window.Chart && Chart.getChart(document.getElementById('chart-{chart}'))")
        assert page.evaluate(f"Chart.getChart(document.getElementById('chart-{chart}')).data.datasets.length") == 8
        assert page.evaluate(f"Chart.getChart(document.getElementById('chart-{chart}')).data.datasets[7].data.length") == 4
    card = page.get_by_test_id("kia-immunization")
    expect(card.locator('tr[data-dose="BCG"]')).to_contain_text("Sudah diberikan")
    expect(card.locator('tr[data-dose="DPT-HB-Hib2"]')).to_contain_text("Terlambat")
    shot(page, "buku-kia-balita")


def test_the_buku_kia_of_a_mother_lists_her_anc_contacts(page, bidan, people):
    ibu = people["ibu"]
    hpht = days_ago(210)
    for ga, lila in ((60, "24.0"), (110, "23.2"), (150, "23.8"), (200, "24.5")):
        record_package(actor=bidan, patient=ibu, package_id="anc", service_date=hpht + dt.timedelta(days=ga),
                       values={"hpht": hpht, "lila": Decimal(lila), "sbp": Decimal("118"), "dbp": Decimal("76")})
    login(page, "bidan")
    page.goto(f"/pasien/{ibu.pk}/buku-kia/")
    rows = page.get_by_test_id("kia-anc").locator("tbody tr")
    expect(rows).to_have_count(4)
    expect(rows.locator("td:first-child")).to_have_text(["K1", "K2", "K3", "K4"])
    expect(rows.nth(1)).to_contain_text("KEK")
    expect(rows.nth(0)).to_contain_text("Bidan")
    shot(page, "buku-kia-ibu")


def test_a_dose_is_recorded_on_the_immunisation_card(page, bidan, people):
    baby = people["bayi"]
    login(page, "bidan")
    page.goto(baby.get_absolute_url())
    page.get_by_test_id("immunization-card-link").click()
    expect(page.locator('tr[data-dose="BCG"]')).to_contain_text("Waktunya imunisasi")
    page.locator("#id_dose").select_option("BCG:1")
    page.locator("#id_given_on").fill(timezone.localdate().isoformat())
    page.locator("#id_lot_number").fill("BCG-0425")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status").filter(has_text="BCG tercatat.")).to_be_visible()
    expect(page.locator('[data-testid="immunization-card"] tr[data-dose="BCG"]')).to_contain_text("Sudah diberikan")
    shot(page, "imunisasi-kartu")
