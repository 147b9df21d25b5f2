"""SKDN of a Posyandu area from recorded weighings, the session recap and the sasaran who did not come; scope."""

import datetime as dt

import pytest
from django.http import Http404

from ilp.outreach import selectors, services

from .factories import birth_weight, child, weigh


@pytest.fixture
def area(posyandu):
    return posyandu.wilayah.get()


def test_skdn_counts_each_letter_from_package_records(kader, bidan, posyandu, area):
    n = child(born=dt.date(2025, 1, 10), desa=area)       # 10.0 → 10.2: N
    t = child(born=dt.date(2025, 1, 11), desa=area)       # 10.0 → 10.1 in May, 10.1 → 10.2 in June: T twice → 2T
    o = child(born=dt.date(2025, 1, 12), desa=area)       # April and June: O
    b = child(born=dt.date(2025, 1, 13), desa=area)       # first weighing in June: B
    baby = child(born=dt.date(2026, 5, 10), desa=area)    # birth weight 3000 g, 3.8 kg at 1 month: N
    absent = child(born=dt.date(2024, 1, 1), desa=area)   # not weighed: in S, not in D
    child(born=dt.date(2021, 5, 1), desa=area)            # 61 months: not a balita
    for kg, day in (("10.0", "2026-05-10"), ("10.2", "2026-06-10")):
        weigh(kader, n, kg, dt.date.fromisoformat(day))
    for kg, day in (("10.0", "2026-04-10"), ("10.1", "2026-05-10"), ("10.2", "2026-06-10")):
        weigh(kader, t, kg, dt.date.fromisoformat(day))
    weigh(kader, o, "10.0", dt.date(2026, 4, 10))
    weigh(bidan, o, "10.9", dt.date(2026, 6, 3))  # D counts a weighing at any unit
    weigh(kader, b, "11.0", dt.date(2026, 6, 10))
    birth_weight(bidan, baby, 3000)
    weigh(kader, baby, "3.8", dt.date(2026, 6, 12))
    services.register_attendance(actor=kader, session=services.open_session(actor=kader, posyandu=posyandu), patient=n,
                                 has_buku_kia=True)

    report = selectors.skdn(user=kader, posyandu=posyandu, year=2026, month=6)

    assert report.letters == {"S": 6, "K": 1, "D": 5, "N": 2, "T": 1, "O": 1, "B": 1, "2T": 1, "BGM": 0}
    assert report.ratios == {"K/S": 16.7, "D/S": 83.3, "N/D": 40.0, "T/D": 20.0}
    by_patient = {c.patient.pk: c for c in report.children}
    assert by_patient[t.pk].two_t and by_patient[absent.pk].category is None


def test_skdn_of_a_posyandu_outside_the_scope_is_404(petugas_lain, posyandu):
    with pytest.raises(Http404):
        selectors.posyandu_get(user=petugas_lain, pk=posyandu.pk)


def test_the_kader_sees_only_her_posyandu(kader, bidan, posyandu):
    assert list(selectors.posyandu_list(user=kader)) == [posyandu]
    assert posyandu in selectors.posyandu_list(user=bidan) and selectors.posyandu_list(user=bidan).count() > 1


def test_recap_and_absent_sasaran(kader, posyandu, area):
    session = services.open_session(actor=kader, posyandu=posyandu)
    came = child(born=dt.date(2025, 1, 10), desa=area)
    stayed_home = child(born=dt.date(2025, 2, 10), desa=area)
    weighed_at_pustu = child(born=dt.date(2025, 3, 10), desa=area)
    grandma = child(born=dt.date(1950, 3, 10), desa=area, sex="F")
    weigh(kader, weighed_at_pustu, "9.0", dt.date(2026, 6, 2))
    attendance = services.register_attendance(actor=kader, session=session, patient=came)
    services.record_measurement(actor=kader, attendance=attendance, values={"weight": "10.0"})
    services.refer_attendee(actor=kader, attendance=attendance, reason="Demam")

    recap = selectors.session_recap(session=selectors.session_get(user=kader, pk=session.pk))
    absent = selectors.absent_sasaran(user=kader, session=session)

    assert (recap["total"], recap["weighed"], recap["referred"], recap["groups"]) == (1, 1, 1, {"Balita": 1})
    assert [p.pk for p in absent["balita"]] == [stayed_home.pk]
    assert grandma in absent["lansia"]
