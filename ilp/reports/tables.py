"""A report as data: the title block, tables with (multi-level) column headers, rows of cells.

Builders fill it from the facts table; one renderer per format (CSV, XLSX, PDF) reads it, so the
three files of a report always show the same numbers.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
          "November", "Desember")


class ReportUnavailable(Exception):
    """The report cannot be produced yet (a module it needs does not exist); the message says why."""


@dataclass(frozen=True)
class Month:
    """The reporting month (`--period YYYY-MM`)."""

    year: int
    month: int

    @classmethod
    def parse(cls, raw: str) -> "Month":
        """`2026-01` → Month(2026, 1); ValueError with a message a user understands otherwise."""
        parts = (raw or "").strip().split("-")
        if len(parts) != 2 or len(parts[0]) != 4 or not all(p.isdigit() for p in parts) or not 1 <= int(parts[1]) <= 12:
            raise ValueError(f"Periode harus YYYY-MM, mis. 2026-03 (bukan {raw!r}).")
        return cls(int(parts[0]), int(parts[1]))

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.month, 1)

    @property
    def end(self) -> dt.date:
        following = dt.date(self.year + self.month // 12, self.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{MONTHS[self.month - 1]} {self.year}"

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@dataclass(frozen=True)
class Column:
    """A leaf column; `path` holds its header at each level, e.g. ("1-4 th", "Baru", "L")."""

    path: tuple[str, ...]
    numeric: bool = True
    width: float = 1.0  # relative width in the PDF

    @property
    def label(self) -> str:
        return " / ".join(p for p in self.path if p)


@dataclass(frozen=True)
class Cell:
    """A value with what a renderer needs to show it: a PWS status colour, bold for totals."""

    value: int | Decimal | str | None
    status: str = ""  # baik / kurang / cukup / jelek (DOMAIN.md §6.2)

    @property
    def text(self) -> str:
        if self.value is None:
            return "-"
        if isinstance(self.value, Decimal):
            return f"{self.value:.1f}".replace(".", ",")  # Indonesian decimal comma on paper
        return str(self.value)


@dataclass
class Row:
    cells: list[Cell]
    bold: bool = False  # subtotals and totals


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)

    def add(self, values: list, *, bold: bool = False) -> None:
        self.rows.append(Row([v if isinstance(v, Cell) else Cell(v) for v in values], bold=bold))

    @property
    def depth(self) -> int:
        return max(len(c.path) for c in self.columns)


@dataclass
class Report:
    """One rendered report: what the paper form shows from its title block to the signatures."""

    code: str
    title: str
    form: str
    period: str  # "2026-01", for file names
    period_label: str  # "Januari 2026", for the title block
    header: list[tuple[str, str]]  # title block: ("Puskesmas", "Sitiung I"), ("Kabupaten/Kota", ...)
    tables: list[Table]
    notes: list[str] = field(default_factory=list)
    orientation: str = "portrait"
    signer: str = "Kepala Puskesmas"
    place: str = ""

    @property
    def filename_stem(self) -> str:
        return f"{self.code}-{self.period}"
