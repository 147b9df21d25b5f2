"""Laporan imunisasi: doses given in the month and from January by sex, against the sasaran (facts "imm")."""

from collections import Counter
from decimal import Decimal

from ilp.immunization.schedule import current_schedule
from ilp.indicators import sasaran

from ..area import Area
from ..definitions import ReportDef
from ..tables import Column, Month, Report, Table
from .common import SEXES, fact_counts, report
from .program import percent, persons, pws_table


def _counts(*, area: Area, month: Month, cumulative: bool) -> Counter:
    start = month.start.replace(month=1) if cumulative else month.start
    counts: Counter = Counter()
    for row in fact_counts(kind="imm", area=area, start=start, end=month.end, fields=("code", "sex", "desa_id")):
        counts[(row["code"], row["sex"], row["desa_id"])] += row["n"]
    return counts


def _total(counts: Counter, *, code: str, sex: str | None = None, desa: int | None = None) -> int:
    return sum(n for (c, s, d), n in counts.items() if c == code and sex in (None, s) and desa in (None, d))


def build(definition: ReportDef, *, area: Area, month: Month) -> Report:
    schedule = current_schedule(month.end)
    doses = [d for d in schedule.doses if not d.at_school]
    monthly, cumulative = _counts(area=area, month=month, cumulative=False), _counts(area=area, month=month, cumulative=True)
    figures = sasaran.sasaran_for(year=month.year, group=definition.sasaran, desa_ids=area.desa_ids)
    target = sum((f.value for f in figures.values()), Decimal(0))
    sex_columns = [label for _, label in SEXES] + ["Jml"]
    cols = [Column(("No",), numeric=False, width=0.8), Column(("Dosis",), numeric=False, width=3),
            Column(("Umur anjuran",), numeric=False, width=4)]
    cols += [Column(("Bulan ini", label)) for label in sex_columns]
    cols += [Column(("Kumulatif", label)) for label in sex_columns]
    cols += [Column((f"Sasaran {definition.sasaran}",), width=1.6), Column(("Cakupan kumulatif (%)",), width=2)]
    table = Table(f"Hasil imunisasi rutin menurut dosis (jadwal {schedule.id})", cols)
    for number, dose in enumerate(doses, start=1):
        month_values = [_total(monthly, code=dose.code, sex=sex) for sex, _ in SEXES]
        cumulative_values = [_total(cumulative, code=dose.code, sex=sex) for sex, _ in SEXES]
        table.add([number, dose.code, dose.when, *month_values, sum(month_values), *cumulative_values,
                   sum(cumulative_values), persons(target), percent(sum(cumulative_values), target)])
    tables = [table, _desa_table(definition, area=area, cumulative=cumulative, figures=figures)]
    tables += [pws_table(code, area=area, month=month) for code in definition.indicators]
    notes = [f"Sasaran: {definition.sasaran} (surviving infant) tahun {month.year}; dosis lanjutan (PCV3, DPT-HB-Hib4, MR2) "
             "semestinya dibandingkan dengan bayi tahun lalu (belum dikonfirmasi).",
             "Dihitung dari fakta imunisasi (jenis 'imm') menurut desa domisili anak; BIAS dilaporkan terpisah."]
    return report(definition, area=area, month=month, tables=tables, notes=notes)


def _desa_table(definition: ReportDef, *, area: Area, cumulative: Counter, figures: dict) -> Table:
    cols = [Column(("No",), numeric=False, width=0.8), Column(("Desa/Kelurahan",), numeric=False, width=5),
            Column((f"Sasaran {definition.sasaran}",), width=1.6)]
    for code in definition.desa_doses:
        cols += [Column((code, "jml"), width=1.3), Column((code, "%"), width=1.3)]
    table = Table("Cakupan kumulatif per desa", cols)
    for number, desa in enumerate(area.desa, start=1):
        target = figures[desa.pk].value
        values = []
        for code in definition.desa_doses:
            given = _total(cumulative, code=code, desa=desa.pk)
            values += [given, percent(given, target)]
        table.add([number, desa.name, persons(target), *values])
    return table
