"""Data quality of June 2025 in Puskesmas Sitiung I, counted by hand.

- Posyandu 1 (hari buka: Tuesday of week 2 = 10-06-2025) opened on 10-06; Posyandu 2 has no schedule (second
  Tuesday assumed) and opened on 24-06 (held, not on schedule); the others did not open.
- Pustu of desa 1: services on 03-06 and 04-06 (week of 02-06) and 17-06 (week of 16-06): 2 of 5 weeks
  (Mondays 02, 09, 16, 23, 30-06). Two entered by 05-07 (timely), the one of 17-06 entered on 10-07.
- Outliers: an ANC with BP 260/100 and a weighing with WAZ > 5 (30 kg at one year).
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from conftest import make_user
from ilp.accounts.models import Role
from ilp.indicators import quality
from ilp.outreach.models import PosyanduSchedule, PosyanduSession
from ilp.packages.models import PackageRecord
from ilp.packages.services import record_package
from ilp.people.tests.factories import PatientFactory
from ilp.regions.models import Region

D = dt.date
TODAY = D(2025, 7, 20)


def anc(actor, patient, when, sbp=110, dbp=70):
    return record_package(actor=actor, patient=patient, package_id="anc", service_date=when, confirmed=True,
                          values={"hpht": D(2025, 3, 1), "lila": Decimal("25"), "sbp": Decimal(sbp), "dbp": Decimal(dbp)})


def entered(record, day: dt.date):
    PackageRecord.objects.filter(pk=record.pk).update(recorded_at=timezone.make_aware(dt.datetime.combine(day, dt.time(9))))


@pytest.fixture
def june(puskesmas, bidan):
    desa_1 = puskesmas.wilayah.order_by("code").first()
    posyandu_1, posyandu_2 = list(puskesmas.children.filter(kind="posyandu").order_by("code")[:2])
    PosyanduSchedule.objects.create(posyandu=posyandu_1, week_of_month=2, weekday=1)
    for posyandu, day in ((posyandu_1, D(2025, 6, 10)), (posyandu_2, D(2025, 6, 24))):
        PosyanduSession.objects.create(posyandu=posyandu, date=day, opened_by=bidan, opened_at=timezone.now())
    pustu = puskesmas.children.get(kind="pustu", region=desa_1)
    bidan_pustu = make_user("bidan.pustu", Role.BIDAN, facility=pustu)
    woman = PatientFactory(desa=desa_1, sex="F", birth_date=D(1995, 1, 1))
    for day, on in ((D(2025, 6, 3), D(2025, 6, 3)), (D(2025, 6, 4), D(2025, 7, 5)), (D(2025, 6, 17), D(2025, 7, 10))):
        entered(anc(bidan_pustu, woman, day), on)
    anc(bidan, PatientFactory(desa=desa_1, sex="F", birth_date=D(1990, 1, 1)), D(2025, 6, 20), sbp=260, dbp=100)
    child = PatientFactory(desa=desa_1, sex="M", birth_date=D(2024, 6, 1))
    record_package(actor=bidan, patient=child, package_id="balita", service_date=D(2025, 6, 2), confirmed=True,
                   values={"weight": Decimal("30.0"), "length": Decimal("75.0"), "measured": "L"})
    return desa_1, posyandu_1, posyandu_2, pustu


def test_posyandu_openings_against_their_hari_buka(bidan, june):
    _desa, posyandu_1, posyandu_2, _pustu = june
    report = quality.month_report(user=bidan, year=2025, month=6, today=TODAY)
    rows = {q.facility.pk: q for q in report.posyandu}
    assert (rows[posyandu_1.pk].expected, rows[posyandu_1.pk].held, rows[posyandu_1.pk].on_schedule) == (1, 1, 1)
    assert (rows[posyandu_2.pk].held, rows[posyandu_2.pk].on_schedule, rows[posyandu_2.pk].schedule_set) == (1, 0, False)
    others = [q for pk, q in rows.items() if pk not in (posyandu_1.pk, posyandu_2.pk)]
    assert others and all(q.held == 0 and q.completeness == Decimal(0) for q in others)


def test_pustu_weekly_completeness_and_timeliness(bidan, june):
    _desa, _p1, _p2, pustu = june
    report = quality.month_report(user=bidan, year=2025, month=6, today=TODAY)
    row = next(q for q in report.pustu if q.facility.pk == pustu.pk)
    assert (row.expected, row.held, row.records, row.timely) == (5, 2, 3, 2)
    assert (row.completeness, row.timeliness, row.score) == (Decimal("40.0"), Decimal("66.7"), Decimal("53.4"))
    assert report.due == D(2025, 7, 5)


def test_weeks_not_yet_started_are_not_expected(bidan, june):
    _desa, _p1, _p2, pustu = june
    report = quality.month_report(user=bidan, year=2025, month=6, today=D(2025, 6, 12))
    assert next(q for q in report.pustu if q.facility.pk == pustu.pk).expected == 2


def test_outliers_and_the_desa_score(bidan, june):
    desa_1, *_ = june
    report = quality.month_report(user=bidan, year=2025, month=6, today=TODAY)
    whats = sorted(o.what for o in report.outliers)
    assert "tekanan sistolik ekstrem" in whats and any(w.startswith("z-skor WAZ") for w in whats)
    row = next(q for q in report.desa if q.desa.pk == desa_1.pk)
    assert (row.records, row.outliers, row.outlier_rate) == (5, 2, Decimal("40.0"))
    assert row.score == max(Decimal(0), row.reporting - Decimal("40.0"))


def test_outlier_rules():
    assert quality.outlier_reasons(values={"sbp": 120, "dbp": 80}, computed={"waz": -4.9}) == []
    assert [w for w, _ in quality.outlier_reasons(values={"sbp": 65, "dbp": 60}, computed={"whz": 5.01})] == [
        "z-skor WHZ di luar ±5", "tekanan sistolik ekstrem", "selisih sistolik–diastolik < 10"]


def test_regional_roles_get_counts_without_names_and_every_role_the_page(client, dinkes, june):
    client.force_login(dinkes)
    page = client.get("/mutu-data/", {"bulan": "2025-06"}).content.decode()
    assert "Skor per desa" in page and "tekanan sistolik ekstrem" in page
    assert "No. catatan" not in page


def test_the_page_drills_to_a_puskesmas_and_refuses_areas_outside_the_scope(client, dinkes, bidan, puskesmas, june):
    desa_1, *_ = june
    client.force_login(dinkes)
    page = client.get("/mutu-data/", {"bulan": "2025-06", "wilayah": puskesmas.code}).content.decode()
    assert f'data-testid="desa-{desa_1.code}"' in page
    others = [code for code in Region.objects.filter(level=Region.Level.DESA, code__startswith="13.10.")
              .exclude(pk__in=puskesmas.wilayah.values("pk")).values_list("code", flat=True)[:3]]
    assert not any(f'data-testid="desa-{code}"' in page for code in others)
    client.force_login(bidan)
    assert client.get("/mutu-data/", {"wilayah": "13.10"}).status_code == 403
