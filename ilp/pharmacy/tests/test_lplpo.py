"""LPLPO for November 2026, from the stock ledger, against a fixture computed by hand.

Puskesmas Sitiung I and its first Pustu report together (distribution between them is internal).

Parasetamol 500 mg (PCT500T), first received in September:
  2026-09-02  terima P1 (ED 31-03-2028)          +1000
  2026-09-15  resep                               -300
  2026-10-10  resep                               -240
  2026-10-20  distribusi ke Pustu P1               -100 / +100 at the Pustu (internal: not counted)
  2026-11-03  terima P2 (ED 30-09-2028)            +200
  2026-11-12  resep (FEFO: P1)                     -200
  2026-11-25  resep (FEFO: P1, now empty)          -160
  2026-11-30  opname: P2 counted 195 of 200          -5
  stok awal 1000-300-240 = 460; penerimaan 200; persediaan 660; pemakaian 360; penyesuaian -5;
  sisa 660-360-5 = 295 (= 195 at the Puskesmas + 100 at the Pustu).
  Average use Sep-Nov (900/3) = 300; SO = 300 + 300×0.5 + 300×0.2 = 510; permintaan 510-295 = 215.
Amoksisilin 500 mg (AMX500K), first received in November (averaged over one month):
  2026-11-05 terima +300; three resep of 15 (-45); 2026-12-02 resep -15 (next month: not counted).
  awal 0, terima 300, pakai 45, sisa 255; SO = ceil(45 + 22.5 + 9) = 77; permintaan 0.
CTM 4 mg (CTM4T): 2026-10-01 terima +100 (ED 15-11-2026); expired, destroyed at the opname of 30-11: -100.
  awal 100, terima 0, pakai 0, penyesuaian -100, sisa 0, SO 0, permintaan 0.
Another Puskesmas receiving 999 tablets in November changes nothing here.
"""

import csv
import datetime as dt
import io

import pytest
from django.core.management import call_command

from ilp.reports.tables import Month

from .. import selectors, services
from ..models import Batch
from .conftest import receive, visit_of

NOVEMBER = Month(2026, 11)
#          code      awal terima persediaan pakai penyesuaian sisa optimum permintaan
EXPECTED = {"PCT500T": (460, 200, 660, 360, -5, 295, 510, 215),
            "AMX500K": (0, 300, 300, 45, 0, 255, 77, 0),
            "CTM4T": (100, 0, 100, 0, -100, 0, 0, 0)}


@pytest.fixture
def ledger(apoteker, dokter, pendaftaran, puskesmas, pustu, desa, puskesmas_lain):
    def dispense(code, quantity, on):
        prescription = services.prescribe(actor=dokter, visit=visit_of(pendaftaran, puskesmas, desa), station_code="klaster3",
                                          items=[{"drug_code": code, "quantity": quantity}])
        services.dispense_prescription(actor=apoteker, prescription=prescription, on=on)

    receive(apoteker, puskesmas, "PCT500T", "P1", dt.date(2028, 3, 31), 1000, on=dt.date(2026, 9, 2))
    dispense("PCT500T", 300, dt.date(2026, 9, 15))
    receive(apoteker, puskesmas, "CTM4T", "C1", dt.date(2026, 11, 15), 100, on=dt.date(2026, 10, 1))
    dispense("PCT500T", 240, dt.date(2026, 10, 10))
    services.transfer_stock(actor=apoteker, source=puskesmas, destination=pustu, drug_code="PCT500T", quantity=100,
                            document="DIST/10", on=dt.date(2026, 10, 20))
    receive(apoteker, puskesmas, "PCT500T", "P2", dt.date(2028, 9, 30), 200, on=dt.date(2026, 11, 3))
    receive(apoteker, puskesmas, "AMX500K", "A1", dt.date(2027, 12, 31), 300, on=dt.date(2026, 11, 5))
    for day in (6, 13, 20):
        dispense("AMX500K", 15, dt.date(2026, 11, day))
    dispense("PCT500T", 200, dt.date(2026, 11, 12))
    dispense("PCT500T", 160, dt.date(2026, 11, 25))
    p2, c1 = Batch.objects.get(facility=puskesmas, batch_number="P2"), Batch.objects.get(batch_number="C1")
    services.record_opname(actor=apoteker, facility=puskesmas, counts={p2.pk: 195, c1.pk: 0},
                           counted_on=dt.date(2026, 11, 30), note="5 rusak; CTM kedaluwarsa dimusnahkan")
    dispense("AMX500K", 15, dt.date(2026, 12, 2))
    receive(apoteker, puskesmas_lain, "PCT500T", "Z", dt.date(2028, 1, 31), 999, on=dt.date(2026, 11, 2))


def figures(row) -> tuple:
    return (row.opening, row.received, row.supply, row.used, row.adjusted, row.closing, row.optimum, row.request)


@pytest.mark.usefixtures("ledger")
def test_lplpo_of_the_month_equals_the_hand_computed_fixture(puskesmas, pustu):
    rows = selectors.lplpo_rows(facility_ids=[puskesmas.pk, pustu.pk], start=NOVEMBER.start, end=NOVEMBER.end)
    got = {row.drug.code: figures(row) for row in rows}
    assert {code: got[code] for code in EXPECTED} == EXPECTED
    assert all(value == (0,) * 8 for code, value in got.items() if code not in EXPECTED)
    assert [row.drug.code for row in rows][:3] == ["PCT500T", "PCT120S", "IBU400T"]  # catalogue order, as on the form


@pytest.mark.usefixtures("ledger")
def test_lplpo_sisa_stok_is_the_stock_held_at_the_end_of_the_month(puskesmas, pustu):
    # What the batches hold today is November's closing stock less December's one prescription of 15.
    held = sum(Batch.objects.filter(facility__in=[puskesmas, pustu], drug_code="AMX500K").values_list("on_hand", flat=True))
    assert held == EXPECTED["AMX500K"][5] - 15


@pytest.mark.usefixtures("ledger")
def test_a_pustu_reports_its_own_stock_with_the_distribution_as_received(pustu):
    october = Month(2026, 10)
    row = next(r for r in selectors.lplpo_rows(facility_ids=[pustu.pk], start=october.start, end=october.end)
               if r.drug.code == "PCT500T")
    assert figures(row) == (0, 100, 100, 0, 0, 100, 0, 0)


@pytest.mark.usefixtures("ledger")
def test_ilp_reports_render_lplpo_writes_the_same_figures_as_csv(puskesmas, tmp_path):
    target = tmp_path / "lplpo.csv"
    call_command("reports", "render", "LPLPO", "--period", "2026-11", "--scope", puskesmas.code, "--format", "csv",
                 "--output", str(target), stdout=io.StringIO())
    rows = list(csv.reader(io.StringIO(target.read_text())))
    names = {"Parasetamol 500 mg": "PCT500T", "Amoksisilin 500 mg": "AMX500K", "Klorfeniramin maleat (CTM) 4 mg": "CTM4T"}
    got = {names[r[1]]: tuple(int(v) for v in r[3:11]) for r in rows if len(r) > 3 and r[1] in names}
    assert got == EXPECTED
    assert ["Puskesmas", "Sitiung I"] in rows


@pytest.mark.usefixtures("ledger")
def test_the_dinkes_lplpo_of_the_kabupaten_adds_every_puskesmas(tmp_path):
    target = tmp_path / "lplpo.csv"
    call_command("reports", "render", "lplpo", "--period", "2026-11", "--scope", "13.10", "--format", "csv",
                 "--output", str(target), stdout=io.StringIO())
    rows = list(csv.reader(io.StringIO(target.read_text())))
    paracetamol = next(r for r in rows if len(r) > 3 and r[1] == "Parasetamol 500 mg")
    # Ours (awal 460, terima 200) and the other Puskesmas's 999 received in November, in the same kabupaten.
    assert [int(v) for v in paracetamol[3:5]] == [460, 200 + 999]
