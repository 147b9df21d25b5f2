"""The kader's offline app in Debian's chromium: a weighing made with no signal survives a reload and
reaches the server when the phone is online again; and the app shell's load time over a slow network.
"""

import datetime as dt
import gzip
import json
import re

import pytest
from playwright.sync_api import expect

from conftest import make_user
from ilp.accounts.models import Role
from ilp.facilities.models import Facility
from ilp.indicators.models import Fact
from ilp.packages.models import PackageRecord

from .conftest import ARTIFACTS, login, register, shot

pytestmark = pytest.mark.browser

# Chromium network emulation (CDP Network.emulateNetworkConditions): a 1.6 Mbps link with 300 ms RTT.
SLOW_3G = {"offline": False, "latency": 300, "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}


@pytest.fixture
def posyandu(puskesmas):
    return puskesmas.children.filter(kind=Facility.Kind.POSYANDU).order_by("code").first()


@pytest.fixture
def kader(posyandu):
    return make_user("kader", Role.KADER, facility=posyandu, first_name="Rina", last_name="Marlina")


@pytest.fixture
def balita(pendaftaran, posyandu):
    desa = posyandu.wilayah.select_related("parent").get()
    today = dt.date.today()
    return register(pendaftaran, "Dimas Pratama", sex="M", birth_date=today - dt.timedelta(days=400), desa=desa, serial=21)


def open_app(page) -> None:
    page.goto("/kader/")
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")


def test_a_weighing_made_offline_survives_a_reload_and_syncs_when_online(page, kader, balita, posyandu):
    login(page, "kader")
    open_app(page)
    expect(page.locator("#due-balita")).to_contain_text("Dimas Pratama")
    expect(page.locator("#who")).to_contain_text(posyandu.name)
    shot(page, "kader-app-perlu-dikunjungi")

    page.context.set_offline(True)
    expect(page.locator("#net")).to_have_text("luring")
    page.locator("#due-balita li", has_text="Dimas Pratama").get_by_role("button", name="Timbang").click()
    page.get_by_label("Berat badan (kg)").fill("400")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#e-weight")).to_have_text("400 kg tidak mungkin; batas 0.3–300 kg.")  # the package's own limit
    page.get_by_label("Berat badan (kg)").fill("9.2")
    page.get_by_label("Panjang/tinggi badan (cm)").fill("76.5")
    page.get_by_label("Cara ukur").select_option("L")
    shot(page, "kader-app-timbang-luring")
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("#outbox-list li").first).to_contain_text("menunggu dikirim")

    page.reload()  # no network: the service worker serves the shell, IndexedDB keeps the queue
    expect(page.locator("#who")).to_contain_text(posyandu.name)
    expect(page.locator("#pending")).to_have_text("1")
    expect(page.locator("#due-balita")).not_to_contain_text("Dimas Pratama")  # weighed this month, on the phone
    page.get_by_role("button", name=re.compile("Terkirim")).click()
    shot(page, "kader-app-antrean-luring")
    assert not PackageRecord.objects.filter(patient=balita).exists()

    page.context.set_offline(False)
    page.get_by_role("button", name="Sinkronkan").click()
    expect(page.locator("#outbox-list li").first).to_contain_text("terkirim")
    expect(page.locator("#pending")).to_have_text("0")
    shot(page, "kader-app-terkirim")

    record = PackageRecord.objects.get(patient=balita, package_id="balita")
    assert (record.values["weight"], record.facility, record.performer) == ("9.2", posyandu, kader)
    assert Fact.objects.filter(kind="pkg.balita", person=balita.pk, facility=posyandu).count() == 1


def _load(page) -> dict:
    """Shell load (load event) and when the weighing form became usable (its fields drawn from the definition)."""
    page.wait_for_load_state("load")
    page.wait_for_function("() => document.getElementById('f-weight') !== null", polling=20)
    return page.evaluate("""() => {
        const nav = performance.getEntriesByType('navigation')[0];
        const resources = performance.getEntriesByType('resource').filter(r => !r.name.includes('/api/'));
        return {shell_ms: Math.round(nav.loadEventEnd), form_ms: Math.round(performance.now()),
                bytes: nav.transferSize + resources.reduce((s, r) => s + r.transferSize, 0),
                decoded: nav.decodedBodySize + resources.reduce((s, r) => s + r.decodedBodySize, 0)};
    }""")


def _javascript_gzipped(page) -> int:
    """Bytes of every script of the app, gzip-compressed as a web server sends them."""
    sources = page.evaluate("() => [...document.scripts].map(s => s.src).filter(Boolean)")
    return sum(len(gzip.compress(page.request.get(src).body())) for src in sources)


def test_the_app_shell_and_a_form_load_fast_on_a_slow_network_and_instantly_after(page, kader, balita):
    """Issue #8: on 1.6 Mbps / 300 ms RTT, shell and a usable form in ≤ 3 s on first visit, instant afterwards;
    JavaScript ≤ 300 KB gzipped. The figures are printed (and kept in test-artifacts/kader-load.json)."""
    login(page, "kader")
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    page.goto("/kader/")
    first = _load(page)
    page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
    expect(page.locator("#due-balita")).to_contain_text("Dimas Pratama")
    page.reload()
    repeat = _load(page)
    script_gz = _javascript_gzipped(page)
    figures = {"network": "1.6 Mbps, 300 ms RTT", "first_visit": first, "repeat_visit": repeat, "javascript_gzip_bytes": script_gz}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "kader-load.json").write_text(json.dumps(figures, indent=2))
    print(f"\nkader app over 1.6 Mbps / 300 ms RTT (Chromium emulation): first visit shell {first['shell_ms']} ms, form usable "
          f"{first['form_ms']} ms, {first['bytes']} B transferred; repeat visit shell {repeat['shell_ms']} ms, form usable "
          f"{repeat['form_ms']} ms, {repeat['bytes']} B transferred (service worker, IndexedDB); JavaScript "
          f"{script_gz / 1024:.1f} KB gzipped (budget 300 KB); targets ≤ 3000 ms first, instant after")
    assert repeat["form_ms"] < first["form_ms"] and repeat["bytes"] < first["bytes"]
    assert script_gz <= 300 * 1024
    assert first["decoded"] < 80_000  # shell, scripts, style and icon stay small
