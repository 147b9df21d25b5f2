"""W2 / SKDR: new cases of the early-warning diseases per ISO week of the month, from the surveillance case
records (every new-case diagnosis of a W2 disease, plus cases entered by hand; ilp/surveillance)."""

import datetime as dt
from collections import Counter

from ilp.surveillance import selectors as surveillance

from ..area import Area
from ..definitions import ReportDef
from ..tables import Column, Month, Report, Table
from .common import report


def iso_weeks(month: Month) -> list[tuple[int, int, dt.date]]:
    """(ISO year, ISO week, Monday) of the weeks whose Thursday falls in the month."""
    thursday = month.start + dt.timedelta(days=(3 - month.start.weekday()) % 7)
    weeks = []
    while thursday.month == month.month:
        year, week, _ = thursday.isocalendar()
        weeks.append((year, week, thursday - dt.timedelta(days=3)))
        thursday += dt.timedelta(days=7)
    return weeks


def weekly_counts(definition: ReportDef, *, area: Area, month: Month) -> tuple[Counter, Counter]:
    """New cases per (disease code, index of the week in iso_weeks(month)), and deaths per disease code in
    those weeks."""
    weeks = iso_weeks(month)
    first, last = weeks[0][2], weeks[-1][2] + dt.timedelta(days=6)
    counts: Counter = Counter()
    deaths: Counter = Counter()
    desa_ids = None if area.everywhere else area.desa_ids
    for row in surveillance.case_counts(desa_ids=desa_ids, start=first, end=last):
        counts[(row["disease"], (row["reported_on"] - first).days // 7)] += row["n"]
        deaths[row["disease"]] += row["deaths"]
    return counts, deaths


def build(definition: ReportDef, *, area: Area, month: Month) -> Report:
    weeks = iso_weeks(month)
    counts, deaths = weekly_counts(definition, area=area, month=month)
    cols = [Column(("No",), numeric=False, width=1), Column(("Kode",), numeric=False, width=1.5),
            Column(("Penyakit",), numeric=False, width=9)]
    cols += [Column((f"Minggu {week}", f"{monday:%d/%m}-{monday + dt.timedelta(days=6):%d/%m}"), width=2)
             for _, week, monday in weeks]
    table = Table("Jumlah kasus baru per minggu", [*cols, Column(("Jumlah", ""), width=1.5),
                                                         Column(("Meninggal (M)", ""), width=2)])
    totals = [0] * len(weeks)
    for number, disease in enumerate(definition.diseases, start=1):
        values = [counts[(disease.code, index)] for index in range(len(weeks))]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        table.add([number, disease.code, disease.name, *values, sum(values), deaths[disease.code]])
    table.add(["", "", "JUMLAH", *totals, sum(totals), sum(deaths[d.code] for d in definition.diseases)], bold=True)
    label = f"{month.label} (minggu {weeks[0][1]}-{weeks[-1][1]} tahun {weeks[0][0]})"
    notes = ["Minggu ISO (Senin-Minggu); minggu masuk bulan yang memuat hari Kamisnya.",
             "Kasus baru dari diagnosis kunjungan dan dari catatan manual menu Surveilans; kolom M = jumlah meninggal dari kasus minggu-minggu tersebut.",
             "Kode ICD-10 per penyakit: keputusan proyek, lihat ilp/reports/definitions/w2.yaml."]
    return report(definition, area=area, month=month, tables=[table], notes=notes, period_label=label)
