"""Real-browser fixtures: Debian's chromium driven by Playwright against pytest-django's live server.

live_server tests run on transactional_db, which empties the database after each test, so every
test (re)loads the base data of the root conftest (regions of province 13, Dharmasraya network).
Screenshots of the key pages go to test-artifacts/ for humans to look at.
"""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from conftest import KABKOTA, PASSWORD, load_base_data, make_user
from ilp.accounts.models import Role
from ilp.facilities.models import Facility
from ilp.people.nik import build_nik
from ilp.people.services import register_patient
from ilp.regions.models import Region

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIMEOUT_MS = 10_000
PUSKESMAS = "Puskesmas Sitiung I"

expect.set_options(timeout=TIMEOUT_MS)  # a loaded CI box answers htmx a little late, not never


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API keeps an asyncio loop running in the main thread, and Django refuses ORM
    # calls there (SynchronousOnlyOperation). The tests' ORM calls between browser steps are plain
    # synchronous code, so allow them while the browser lives, and only then.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE")
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def base_data(live_server):
    """The regions and facilities every page needs; gone after each transactional test, so reload."""
    if not Facility.objects.filter(name=PUSKESMAS).exists():
        load_base_data()


@pytest.fixture
def puskesmas(base_data) -> Facility:
    return Facility.objects.get(name=PUSKESMAS)


@pytest.fixture
def desa(puskesmas):
    return puskesmas.wilayah.select_related("parent").order_by("code").first()


@pytest.fixture
def pendaftaran(puskesmas):
    return make_user("pendaftaran", Role.PENDAFTARAN, facility=puskesmas, first_name="Sari", last_name="Wahyuni")


@pytest.fixture
def dokter(puskesmas):
    """The Puskesmas' doctor (any room); a test that needs a klaster doctor defines its own."""
    return make_user("dokter", Role.DOKTER, facility=puskesmas, first_name="dr. Sisyani")


@pytest.fixture
def dinkes(base_data):
    return make_user("dinkes", Role.DINKES_KABKOTA, region=Region.objects.get(code=KABKOTA),
                     first_name="Budi", last_name="Santoso")


@pytest.fixture
def page(browser, live_server, base_data, request):
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on {request.node.name}: {errors}"


def shot(page: Page, name: str) -> None:
    """Save a full-page screenshot to test-artifacts/ (gitignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def login(page: Page, username: str, password: str = PASSWORD) -> None:
    """Log in through the form and wait for the Beranda."""
    page.goto("/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Masuk").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Beranda")).to_be_visible()


def menu(page: Page, group: str, link: str) -> None:
    """Open a navigation group of the bar (a <details> menu) and follow one of its links."""
    page.locator("nav summary", has_text=group).click()
    page.locator("nav .nav-menu").get_by_role("link", name=link, exact=True).click()


def signed_in(browser, live_server, username: str) -> Page:
    """A second signed-in browser (another desk of the same Puskesmas) beside the test's `page`."""
    context = browser.new_context(base_url=live_server.url, locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    second = context.new_page()
    login(second, username, PASSWORD)
    return second


def serve_next(page: Page, code: str):
    """At station `code`: call the next number and start serving; the panel with its finish form."""
    page.goto(f"/antrean/{code}/")
    page.get_by_test_id("call-next").click()
    panel = page.get_by_test_id("panel")
    panel.get_by_role("button", name="Mulai layani").click()
    expect(panel.get_by_test_id("finish-form")).to_be_visible()
    return panel


def register(actor, name: str, *, sex: str, birth_date, desa, serial: int, bpjs_number: str | None = None):
    """A patient registered the way the registration desk does it, with a NIK issued in the desa's kecamatan."""
    nik = build_nik(kecamatan_code=desa.parent.code, birth_date=birth_date, sex=sex, serial=serial)
    return register_patient(actor=actor, name=name, sex=sex, birth_date=birth_date, desa=desa, nik=nik,
                            bpjs_number=bpjs_number)
