"""The test catalogue (catalogue.yaml) parsed once into typed objects, and the flag of a result.

A test is either a quantity (UCUM unit, decimals, plausible limits, reference ranges by sex and
age, critical limits) or a choice among coded options, some of them abnormal.
"""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

import yaml

CATALOGUE_FILE = Path(__file__).with_name("catalogue.yaml")
LOINC = "http://loinc.org"
LOINC_PATTERN = re.compile(r"^(\d{1,7})-(\d)$")


class Flag:
    """Result flags as printed on the sheet (HL7 v2 table 0078 letters)."""

    NORMAL, LOW, HIGH, CRITICAL_LOW, CRITICAL_HIGH, ABNORMAL = "", "L", "H", "LL", "HH", "A"
    LABELS = {"": "", "L": "rendah", "H": "tinggi", "LL": "kritis rendah", "HH": "kritis tinggi", "A": "abnormal"}
    CRITICAL = ("LL", "HH")


class CatalogueError(ValueError):
    """catalogue.yaml is wrong; the message names the test and what is wrong with it."""


@dataclass(frozen=True)
class Range:
    """A reference range for one sex (or both) and an age band in years, [age_from, age_to)."""

    low: Decimal | None
    high: Decimal | None
    sex: str = ""
    age_from: Decimal = Decimal(0)
    age_to: Decimal | None = None

    def applies(self, *, sex: str, age_years: Decimal) -> bool:
        return ((not self.sex or self.sex == sex) and age_years >= self.age_from
                and (self.age_to is None or age_years < self.age_to))

    @property
    def text(self) -> str:
        """As printed on the sheet, with the Indonesian decimal comma: 12,0–15,0, ≥ 40, ≤ 199."""
        low, high = (str(v).replace(".", ",") if v is not None else None for v in (self.low, self.high))
        if low is not None and high is not None:
            return f"{low}–{high}"
        return f"≥ {low}" if low is not None else f"≤ {high}"


@dataclass(frozen=True)
class Option:
    code: str
    label: str
    abnormal: bool = False


@dataclass(frozen=True)
class LabTest:
    """One orderable test of the catalogue."""

    id: str
    name: str
    group: str
    loinc: str
    display: str
    specimen: str
    type: str = "quantity"
    unit: str = ""
    unit_text: str | None = None
    decimals: int = 0
    plausible: tuple[Decimal, Decimal] | None = None
    critical: tuple[Decimal, Decimal] | None = None
    ranges: tuple[Range, ...] = ()
    options: tuple[Option, ...] = ()

    @property
    def quantitative(self) -> bool:
        return self.type == "quantity"

    @property
    def unit_label(self) -> str:
        return self.unit if self.unit_text is None else self.unit_text

    @property
    def step(self) -> Decimal:
        return Decimal(1).scaleb(-self.decimals)

    def option(self, code: str) -> Option | None:
        return next((o for o in self.options if o.code == code), None)

    def reference(self, *, sex: str, age_years: Decimal) -> Range | None:
        """The first reference range for this sex and age; None where the catalogue has none (e.g. infants)."""
        return next((r for r in self.ranges if r.applies(sex=sex, age_years=age_years)), None)

    def round(self, value: Decimal) -> Decimal:
        return value.quantize(self.step, rounding=ROUND_HALF_UP)

    def flag(self, value: Decimal | str, *, sex: str, age_years: Decimal) -> str:
        """H/L against the reference range (its limits are normal), HH/LL beyond the critical limits, A for abnormal options."""
        if not self.quantitative:
            option = self.option(str(value))
            return Flag.ABNORMAL if option and option.abnormal else Flag.NORMAL
        if self.critical and value < self.critical[0]:
            return Flag.CRITICAL_LOW
        if self.critical and value > self.critical[1]:
            return Flag.CRITICAL_HIGH
        reference = self.reference(sex=sex, age_years=age_years)
        if reference and reference.low is not None and value < reference.low:
            return Flag.LOW
        if reference and reference.high is not None and value > reference.high:
            return Flag.HIGH
        return Flag.NORMAL


@dataclass(frozen=True)
class Panel:
    """A named group of tests ordered together (darah rutin, profil lipid, ...)."""

    id: str
    name: str
    tests: tuple[str, ...]


@dataclass(frozen=True)
class Catalogue:
    id: str
    version: int
    tests: dict[str, LabTest]
    panels: dict[str, Panel]

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}"

    def get(self, code: str) -> LabTest | None:
        """A test by its id or its LOINC code (analysers export either)."""
        code = (code or "").strip()
        return self.tests.get(code.lower()) or next((t for t in self.tests.values() if t.loinc == code), None)

    def expand(self, codes: list[str]) -> tuple[list[LabTest], list[str]]:
        """Tests for the ordered test and panel ids, in catalogue order without repeats; and the unknown codes."""
        wanted, unknown = set(), []
        for code in codes:
            if code in self.panels:
                wanted.update(self.panels[code].tests)
            elif self.get(code):
                wanted.add(self.get(code).id)
            else:
                unknown.append(code)
        return [t for t in self.tests.values() if t.id in wanted], unknown

    def groups(self) -> dict[str, list[LabTest]]:
        grouped: dict[str, list[LabTest]] = {}
        for test in self.tests.values():
            grouped.setdefault(test.group, []).append(test)
        return grouped


def loinc_check_digit(base: str) -> int:
    """LOINC's mod-10 check digit (the Luhn scheme) of the part before the dash."""
    total = 0
    for position, char in enumerate(reversed(base)):
        digit = int(char) * (2 if position % 2 == 0 else 1)
        total += digit // 10 + digit % 10
    return (10 - total % 10) % 10


def _decimal(value, where: str) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise CatalogueError(f"{where}: {value!r} bukan angka") from None


def _pair(value, where: str) -> tuple[Decimal, Decimal] | None:
    if value is None:
        return None
    low, high = _decimal(value[0], where), _decimal(value[1], where)
    if low is None or high is None or low > high:
        raise CatalogueError(f"{where}: batas bawah harus ≤ batas atas")
    return low, high


def _range(raw: dict, where: str) -> Range:
    age = raw.get("age") or [0, None]
    reference = Range(low=_decimal(raw.get("low"), where), high=_decimal(raw.get("high"), where),
                      sex=raw.get("sex", ""), age_from=_decimal(age[0], where), age_to=_decimal(age[1], where))
    if reference.low is None and reference.high is None:
        raise CatalogueError(f"{where}: nilai rujukan tanpa batas")
    if reference.sex not in ("", "M", "F"):
        raise CatalogueError(f"{where}: jenis kelamin {reference.sex!r} (M/F)")
    return reference


def _test(raw: dict) -> LabTest:
    where = f"{CATALOGUE_FILE.name}: tes {raw.get('id', '?')}"
    match = LOINC_PATTERN.match(str(raw.get("loinc", "")))
    if not match or loinc_check_digit(match.group(1)) != int(match.group(2)):
        raise CatalogueError(f"{where}: kode LOINC {raw.get('loinc')!r} tidak sah (digit pemeriksa)")
    fields = {k: v for k, v in raw.items() if k not in ("plausible", "critical", "ranges", "options")}
    try:
        test = LabTest(**fields, plausible=_pair(raw.get("plausible"), where), critical=_pair(raw.get("critical"), where),
                       ranges=tuple(_range(r, where) for r in raw.get("ranges", ())),
                       options=tuple(Option(**o) for o in raw.get("options", ())))
    except TypeError as error:
        raise CatalogueError(f"{where}: {error}") from None
    if test.quantitative and (not test.unit or test.plausible is None or not test.ranges):
        raise CatalogueError(f"{where}: tes kuantitatif perlu unit, plausible dan ranges")
    if test.type == "choice" and not test.options:
        raise CatalogueError(f"{where}: tes pilihan perlu options")
    if test.type not in ("quantity", "choice"):
        raise CatalogueError(f"{where}: type {test.type!r}")
    return test


def parse(data: dict) -> Catalogue:
    tests: dict[str, LabTest] = {}
    for raw in data.get("tests", ()):
        test = _test(raw)
        if test.id in tests:
            raise CatalogueError(f"{CATALOGUE_FILE.name}: tes {test.id} ganda")
        tests[test.id] = test
    panels = {}
    for raw in data.get("panels", ()):
        if set(raw) != {"id", "name", "tests"}:  # e.g. an unquoted comma in a name splits it into keys
            raise CatalogueError(f"{CATALOGUE_FILE.name}: panel {raw.get('id')}: kunci {sorted(raw)}")
        panel = Panel(id=raw["id"], name=raw["name"], tests=tuple(raw["tests"]))
        missing = [t for t in panel.tests if t not in tests]
        if missing or panel.id in tests or panel.id in panels:
            raise CatalogueError(f"{CATALOGUE_FILE.name}: panel {panel.id}: tes tidak dikenal {missing} atau id ganda")
        panels[panel.id] = panel
    return Catalogue(id=data["id"], version=int(data["version"]), tests=tests, panels=panels)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The catalogue, read once per process."""
    return parse(yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8")))
