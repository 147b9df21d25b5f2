"""The outreach dashboard per desa, on a month counted by hand: sessions, attendance, SKDN, home visits, IKS;
the Dinkes reads the same figures for its region (counts, no names)."""

import datetime as dt

import pytest
from django.urls import reverse

from ilp.outreach import pispk, services
from ilp.outreach.selectors import DesaOutreach, outreach_by_desa, outreach_shown
from ilp.packages.services import record_package

from .factories import child, weigh


@pytest.fixture
def month(kader, bidan, posyandu):
    """June 2026 in the kader's desa: 3 balita (one N, one B, one not weighed), a session with 2 people, one
    lansia checklist, one family surveyed with every answer Ya."""
    desa = posyandu.wilayah.get()
    grows, first, absent = (child(born=dt.date(2025, 1, d), desa=desa) for d in (3, 4, 5))
    weigh(bidan, grows, "8.0", dt.date(2026, 5, 10))
    weigh(bidan, grows, "9.0", dt.date(2026, 6, 10))  # +1 kg: N
    weigh(bidan, first, "9.2", dt.date(2026, 6, 10))  # first weighing ever: B
    session = services.open_session(actor=kader, posyandu=posyandu, date=dt.date(2026, 6, 9))
    for person in (grows, absent):
        services.register_attendance(actor=kader, session=session, patient=person)
    grandfather = child(born=dt.date(1950, 1, 1), desa=desa)
    record_package(actor=kader, patient=grandfather, package_id="kunjungan_rumah_lansia", service_date=dt.date(2026, 6, 12),
                   values={"skrining_lansia": True, "obat_teratur": "ya", "mandiri": True, "aman_jatuh": True})
    family = grandfather.family or _family(kader, grandfather)
    services.record_family_survey(actor=kader, family=family, visit_date=dt.date(2026, 6, 12),
                                  answers={i.code: pispk.YA for i in pispk.INDICATORS})
    return desa


def _family(actor, head):
    from ilp.people.services import add_family_member, register_family

    family = register_family(actor=actor, desa=head.desa, address="Jorong Koto")
    add_family_member(actor=actor, family=family, patient=head, relation="kepala")
    return family


def _row(data, desa):
    return next(r for r in data["desa"] if r.name == desa.name)


def test_the_month_per_desa_counted_by_hand(kader, month):
    row = _row(outreach_by_desa(user=kader, year=2026, month=6), month)
    assert (row.sessions, row.attendance, row.skdn["S"], row.skdn["D"], row.skdn["N"], row.skdn["B"]) == (1, 2, 3, 2, 1, 1)
    assert (row.d_s, row.n_d, row.home_visits, row.families_surveyed, str(row.iks.iks)) == (66.7, 50.0, 1, 1, "1.000")


def test_the_dinkes_reads_the_same_figures_for_its_region_without_names(client, dinkes, month):
    row = _row(outreach_by_desa(user=dinkes, year=2026, month=6), month)
    assert (row.sessions, row.attendance, row.skdn["S"], row.skdn["D"], row.home_visits) == (1, 2, 3, 2, 1)
    client.force_login(dinkes)
    page = client.get(reverse("outreach:outreach_dashboard"), {"bulan": "2026-06"})
    assert page.status_code == 200 and month.name in page.content.decode()
    # The page itself hides the small cells (docs/decisions/0017): 2 came, D = 2, so D/S is not shown either.
    assert "&lt;5" in page.content.decode() and "66.7" not in page.content.decode()


def test_another_puskesmas_sees_none_of_it(petugas_lain, month):
    assert all(r.name != month.name for r in outreach_by_desa(user=petugas_lain, year=2026, month=6)["desa"])


def _desa(name, attendance, s, d, n, home_visits=0):
    row = DesaOutreach(name, sessions=1, attendance=attendance, home_visits=home_visits)
    row.skdn.update({"S": s, "D": d, "N": n})
    return row


@pytest.fixture
def by_hand():
    """Three desa counted by hand: attendance 3 / 7 / 12 (total 22); S 20 / 9 / 30; D 10 / 6 / 25; N 0 / 2 / 3."""
    rows = [_desa("Desa A", 3, 20, 10, 0, home_visits=5), _desa("Desa B", 7, 9, 6, 2, home_visits=6),
            _desa("Desa C", 12, 30, 25, 3, home_visits=8)]
    total = DesaOutreach("Total")
    for row in rows:
        total.add(row)
    return {"desa": rows, "total": total}


def test_the_dinkes_reads_small_counts_as_under_five_and_no_hidden_cell_is_total_minus_shown(by_hand, dinkes):
    shown = outreach_shown(by_hand, user=dinkes)
    a, b, c = shown["desa"]
    assert [r.cells["attendance"] for r in (a, b, c)] == ["<5", "—", 12]  # 3 is small; 7, the smallest other, goes too
    assert shown["total"].cells["attendance"] == 22
    assert [r.cells["N"] for r in (a, b, c)] == [0, "<5", "<5"]  # two small cells protect each other
    assert shown["total"].cells["N"] == 5
    assert [r.cells["home_visits"] for r in (a, b, c)] == [5, 6, 8]  # nothing small: all shown
    assert (b.n_d, c.n_d, a.n_d) == (None, None, 0.0)  # a percentage of a hidden count is hidden
    assert c.d_s == round(100 * 25 / 30, 1)
    for column in ("attendance", "S", "D", "N", "home_visits", "families_surveyed"):
        cells = [r.cells[column] for r in shown["desa"]]
        total = shown["total"].cells[column]
        values = [getattr(r, column) if column in ("attendance", "home_visits", "families_surveyed") else r.skdn[column]
                  for r in by_hand["desa"]]
        hidden = [v for v, cell in zip(values, cells, strict=True) if not isinstance(cell, int)]
        rest = total - sum(cell for cell in cells if isinstance(cell, int)) if isinstance(total, int) else None
        assert len(hidden) != 1, column  # never exactly one hidden cell beside a shown total
        assert all((1 <= v <= 4) == (cell == "<5") for v, cell in zip(values, cells, strict=True)), column
        if hidden and rest is not None:
            assert all(v != rest for v in hidden), column


def test_a_small_total_is_hidden_and_facility_staff_see_every_number(by_hand, dinkes, kapus):
    by_hand["desa"] = by_hand["desa"][:1]
    by_hand["total"] = by_hand["desa"][0]
    assert outreach_shown(by_hand, user=dinkes)["total"].cells["attendance"] == "<5"
    assert outreach_shown(by_hand, user=kapus)["desa"][0].cells["attendance"] == 3
