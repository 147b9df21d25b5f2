"""Drill-down Nasional → Provinsi → Kab/Kota → Puskesmas → desa on the PWS page and the dashboards: each role
opens only areas inside its scope, and aggregate-only roles see small counts as "<5"."""

import datetime as dt
import html
import re
from decimal import Decimal

import pytest

from conftest import make_user
from ilp.accounts.models import Role
from ilp.indicators import areas
from ilp.packages.services import record_package
from ilp.people.tests.factories import PatientFactory
from ilp.regions.models import Region

D = dt.date


@pytest.fixture
def k1_in_june(puskesmas, bidan):
    """Seven women with a first ANC contact in June 2025: 2 in the first desa of Sitiung I, 5 in the second."""
    first, second = list(puskesmas.wilayah.order_by("code")[:2])
    for desa, n in ((first, 2), (second, 5)):
        for _ in range(n):
            woman = PatientFactory(desa=desa, sex="F", birth_date=D(1995, 1, 1))
            record_package(actor=bidan, patient=woman, package_id="anc", service_date=D(2025, 6, 10),
                           values={"hpht": D(2025, 3, 1), "lila": Decimal("25"), "sbp": Decimal("110"), "dbp": Decimal("70")})
    return first, second


def cells(page: str, testid: str) -> list[str]:
    row = re.search(rf'data-testid="{re.escape(testid)}">(.*?)</tr>', page, re.S).group(1)
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]


def test_each_role_starts_at_the_top_of_its_scope(bidan, dinkes, admin_user, kader, puskesmas):
    assert areas.root(user=bidan) == areas.Area(areas.PUSKESMAS, puskesmas.code, puskesmas.name)
    assert areas.root(user=dinkes).level == areas.KABKOTA
    assert areas.root(user=admin_user).level == areas.NASIONAL
    assert areas.root(user=kader).level == areas.DESA


def test_the_ladder_goes_kabkota_puskesmas_desa(dinkes, puskesmas):
    kabkota = areas.root(user=dinkes)
    children = [child for child, _desa in areas.children(kabkota)]
    assert {c.level for c in children} == {areas.PUSKESMAS} and puskesmas.code in {c.code for c in children}
    desa = [child for child, _ in areas.children(areas.resolve(user=dinkes, code=puskesmas.code))]
    assert [d.code for d in desa] == list(puskesmas.wilayah.order_by("code").values_list("code", flat=True))
    trail = areas.path(user=dinkes, area=areas.resolve(user=dinkes, code=desa[0].code))
    assert [a.level for a in trail] == [areas.KABKOTA, areas.PUSKESMAS, areas.DESA]


def test_admin_drills_from_the_nation(admin_user):
    nation = areas.root(user=admin_user)
    provinces = [child for child, _ in areas.children(nation)]
    assert [p.code for p in provinces] == ["13"]
    assert {c.level for c, _ in areas.children(provinces[0])} == {areas.KABKOTA}


def test_regional_pws_shows_puskesmas_rows_with_small_counts_hidden(client, dinkes, puskesmas, k1_in_june):
    client.force_login(dinkes)
    page = client.get("/pws/", {"indikator": "k1", "bulan": "2025-06"}).content.decode()
    assert cells(page, f"row-{puskesmas.code}")[2] == "7"
    first, _second = k1_in_june
    page = client.get("/pws/", {"indikator": "k1", "bulan": "2025-06", "wilayah": puskesmas.code}).content.decode()
    assert cells(page, f"row-{first.code}")[2] == "<5" and cells(page, f"row-{first.code}")[3] == "—"
    assert "Angka 1–4 ditampilkan sebagai &lt;5" in page


def test_a_lone_small_cell_hides_the_next_one_so_the_total_does_not_give_it_away(client, dinkes, puskesmas, k1_in_june):
    first, second = k1_in_june
    client.force_login(dinkes)
    page = client.get("/pws/", {"indikator": "k1", "bulan": "2025-06", "wilayah": puskesmas.code}).content.decode()
    shown = {d.code: cells(page, f"row-{d.code}")[2] for d in puskesmas.wilayah.all()}
    assert int(cells(page, "row-total")[2]) == 7
    assert shown[first.code] == shown[second.code] == "<5"  # 2 hidden, so 5 (the next smallest) too
    assert all(v == "0" for code, v in shown.items() if code not in (first.code, second.code))


def test_facility_staff_see_exact_counts(client, bidan, k1_in_june):
    first, _second = k1_in_june
    client.force_login(bidan)
    page = client.get("/pws/", {"indikator": "k1", "bulan": "2025-06"}).content.decode()
    assert cells(page, f"row-{first.code}")[2] == "2"
    assert "suppression-note" not in page


@pytest.mark.parametrize(("persona", "code"), [("bidan", "13.10"), ("dinkes", "13"), ("petugas_lain", "PUSKESMAS")])
def test_areas_outside_the_scope_are_refused(client, request, puskesmas, persona, code):
    client.force_login(request.getfixturevalue(persona))
    code = puskesmas.code if code == "PUSKESMAS" else code
    assert client.get("/pws/", {"indikator": "k1", "wilayah": code}).status_code == 403
    assert client.get("/dasbor/utama/", {"wilayah": code}).status_code == 403


def test_dashboard_cards_follow_the_chosen_area_and_hide_small_totals(client, dinkes, puskesmas, k1_in_june):
    first, _ = k1_in_june
    client.force_login(dinkes)
    page = client.get("/dasbor/klaster-2/", {"bulan": "2025-06", "wilayah": first.code}).content.decode()
    card = re.search(r'data-testid="card-k1">(.*?)</a>', page, re.S).group(1)
    assert "&lt;5 /" in card
    assert f"wilayah={first.code}" in card
    page = client.get("/dasbor/klaster-2/", {"bulan": "2025-06"}).content.decode()
    assert 'data-testid="drill"' in page and puskesmas.name in page
    card = re.search(r'data-testid="card-k1">(.*?)</a>', page, re.S).group(1)
    assert "7 /" in card


def test_a_pustu_bidan_sees_only_her_desa(client, puskesmas, k1_in_june):
    first, _ = k1_in_june
    pustu = puskesmas.children.filter(kind="pustu", region=first).first()
    user = make_user("bidan.pustu", Role.BIDAN, facility=pustu)
    client.force_login(user)
    page = client.get("/pws/", {"indikator": "k1", "bulan": "2025-06"}).content.decode()
    assert cells(page, f"row-{first.code}")[2] == "2"
    assert client.get("/pws/", {"indikator": "k1", "wilayah": puskesmas.code}).status_code == 403
    assert Region.objects.filter(code=first.code).exists()
