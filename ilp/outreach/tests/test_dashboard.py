"""The outreach dashboard per desa, on a month counted by hand: sessions, attendance, SKDN, home visits, IKS;
the Dinkes reads the same figures for its region (counts, no names)."""

import datetime as dt

import pytest
from django.urls import reverse

from ilp.outreach import pispk, services
from ilp.outreach.selectors import outreach_by_desa
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
    assert "66.7" in page.content.decode() or "66,7" in page.content.decode()


def test_another_puskesmas_sees_none_of_it(petugas_lain, month):
    assert all(r.name != month.name for r in outreach_by_desa(user=petugas_lain, year=2026, month=6)["desa"])
