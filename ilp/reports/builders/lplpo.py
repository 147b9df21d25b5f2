"""LPLPO: Laporan Pemakaian dan Lembar Permintaan Obat, from the pharmacy's stock ledger (not the facts)."""

from ilp.pharmacy import selectors as pharmacy

from ..area import Area
from ..definitions import ReportDef
from ..tables import Column, Month, Report, Table
from .common import report

COLUMNS = [Column(("No",), numeric=False, width=0.8), Column(("Nama Obat",), numeric=False, width=8),
           Column(("Satuan",), numeric=False, width=1.6), Column(("Stok Awal",), width=1.5),
           Column(("Penerimaan",), width=1.6), Column(("Persediaan",), width=1.6), Column(("Pemakaian",), width=1.6),
           Column(("Penyesuaian",), width=1.7), Column(("Sisa Stok",), width=1.5), Column(("Stok Optimum",), width=1.6),
           Column(("Permintaan",), width=1.6), Column(("Pemberian",), numeric=False, width=1.6),
           Column(("Ket.",), numeric=False, width=1.4)]


def build(definition: ReportDef, *, area: Area, month: Month) -> Report:
    facility_ids = pharmacy.lplpo_facilities(facility_ids=list(area.facility_ids),
                                             desa_ids=None if area.everywhere else area.desa_ids)
    rows = pharmacy.lplpo_rows(facility_ids=facility_ids, start=month.start, end=month.end)
    table = Table("Pemakaian dan permintaan obat", list(COLUMNS))
    for number, row in enumerate(rows, start=1):
        # Pemberian is filled in by the Instalasi Farmasi Kabupaten/Kota when it answers the request.
        table.add([number, row.drug.name, row.drug.unit, row.opening, row.received, row.supply, row.used, row.adjusted,
                   row.closing, row.optimum, row.request, "", row.drug.program])
    notes = ["Persediaan = stok awal + penerimaan; sisa stok = persediaan - pemakaian + penyesuaian (stok opname).",
             f"Stok optimum = SK + SWT + SP: SK = rata-rata pemakaian {pharmacy.AVERAGE_MONTHS} bulan terakhir × "
             f"{pharmacy.REQUEST_PERIOD_MONTHS} bulan, SWT = rata-rata × {pharmacy.LEAD_TIME_MONTHS} bulan waktu tunggu, "
             f"SP = {round(pharmacy.SAFETY_BUFFER * 100)}% × SK (dibulatkan ke atas); permintaan = stok optimum - sisa stok.",
             "Pemberian diisi Instalasi Farmasi Kabupaten/Kota."]
    return report(definition, area=area, month=month, tables=[table], notes=notes)
