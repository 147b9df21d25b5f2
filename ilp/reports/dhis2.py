"""DHIS2 `dataValueSets` for every indicator × desa, with a mapping file of DHIS2 UIDs.

DHIS2's rules followed here (Web API, "Data values" / "Periods"): a UID is 11 characters, a letter
then letters or digits; periods are ISO-like ids: monthly 202601, weekly 2026W3 (ISO week, no
leading zero), quarterly 2026Q1, yearly 2026; every `value` is a string.
"""

import dataclasses
import datetime as dt
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings

from ilp.indicators import engine
from ilp.indicators.definitions_loader import Indicator, indicator_registry
from ilp.packages.engine.loader import LineLoader

from .area import Area
from .tables import Month

UID = re.compile(r"^[A-Za-z][A-Za-z0-9]{10}$")
MAPPING = Path(__file__).resolve().parent / "mappings" / "dhis2.yaml"
PERIOD_TYPES = {"monthly", "yearly"}


class MappingError(ValueError):
    """The mapping file is wrong; the message names the file and line."""


def monthly(year: int, month: int) -> str:
    return f"{year:04d}{month:02d}"


def weekly(day: dt.date) -> str:
    """The ISO week holding `day`, as DHIS2 names it: 2026W3 (the ISO year, which may differ from the date's)."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}W{week}"


def quarterly(year: int, month: int) -> str:
    return f"{year:04d}Q{(month - 1) // 3 + 1}"


def yearly(year: int) -> str:
    return f"{year:04d}"


@dataclass(frozen=True)
class Element:
    """Where one indicator goes in DHIS2: its data element, and optionally a category option combo or one per sex."""

    data_element: str
    category_option_combo: str = ""
    by_sex: tuple[tuple[str, str], ...] = ()  # (("M", coc), ("F", coc))
    period: str = "monthly"


@dataclass(frozen=True)
class Mapping:
    data_elements: dict[str, Element]
    org_units: dict[str, str]  # dotted desa code → organisation unit UID
    data_set: str = ""
    attribute_option_combo: str = ""


def _uid(value, what: str) -> str:
    if not isinstance(value, str) or not UID.match(value):
        raise ValueError(f"{what}: {value!r} bukan UID DHIS2 (11 karakter, huruf lalu huruf/angka)")
    return value


def _element(code: str, raw: dict) -> Element:
    sexes = tuple((sex, _uid(coc, f"{code}.by_sex.{sex}")) for sex, coc in raw.get("by_sex", {}).items() if sex != "__line__")
    element = Element(_uid(raw["data_element"], f"{code}.data_element"),
                      _uid(raw["category_option_combo"], f"{code}.category_option_combo")
                      if raw.get("category_option_combo") else "", sexes, raw.get("period", "monthly"))
    if element.period not in PERIOD_TYPES:
        raise ValueError(f"{code}.period harus salah satu dari {sorted(PERIOD_TYPES)}")
    if {sex for sex, _ in sexes} - {"M", "F"}:
        raise ValueError(f"{code}.by_sex hanya M dan F")
    return element


def load_mapping(path: Path) -> Mapping:
    """Parse and check a mapping file; every UID must have DHIS2's form, every indicator must exist."""
    line = 1
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)  # noqa: S506 (SafeLoader subclass)
        registry = indicator_registry()
        elements = {}
        for code, entry in raw.get("data_elements", {}).items():
            if code == "__line__":
                continue
            line = entry.get("__line__", line) if isinstance(entry, dict) else line
            if code not in registry:
                raise ValueError(f"indikator {code!r} tidak ada di ilp/indicators/definitions")
            elements[code] = _element(code, entry)
        line = raw.get("__line__", 1)
        units = {str(code): _uid(uid, f"org_units.{code}") for code, uid in raw.get("org_units", {}).items()
                 if code != "__line__"}
        return Mapping(elements, units, _uid(raw["data_set"], "data_set") if raw.get("data_set") else "",
                       _uid(raw["attribute_option_combo"], "attribute_option_combo")
                       if raw.get("attribute_option_combo") else "")
    except (AttributeError, KeyError, TypeError, ValueError, yaml.YAMLError) as error:
        detail = f"kunci {error} tidak ada" if isinstance(error, KeyError) else str(error)
        raise MappingError(f"{path.name}:{line}: {detail}") from None


@lru_cache(maxsize=1)
def default_mapping() -> Mapping:
    """The deployment's mapping: ILP_DHIS2_MAPPING (a path) when set, else the example in the repo."""
    return load_mapping(Path(getattr(settings, "ILP_DHIS2_MAPPING", "") or os.environ.get("ILP_DHIS2_MAPPING") or MAPPING))


def _prefix(codes: list[str]) -> str:
    """The dotted code every desa starts with, so the count scans only the area (desa are then filtered)."""
    common = os.path.commonprefix(codes)
    return common if common in codes else common.rsplit(".", 1)[0] if "." in common else ""


def _counts(indicator: Indicator, element: Element, month: Month, *, sex: str, prefix: str) -> tuple[str, dict[str, int]]:
    """(DHIS2 period, count per desa code) for one indicator: the month's own count, or Jan..month."""
    count = dataclasses.replace(indicator.numerator, sex=sex) if sex else indicator.numerator
    cumulative = indicator.period == "cumulative_year"
    this = engine.count_by_desa(count, engine.month_period(month.year, month.month, cumulative=cumulative),
                                scope_prefix=prefix)
    if element.period == "yearly":
        return yearly(month.year), this
    if not cumulative or month.month == 1:
        return monthly(month.year, month.month), this
    # Persons first counted this month: they add up to the year's unique count when DHIS2 sums the months.
    before = engine.count_by_desa(count, engine.month_period(month.year, month.month - 1, cumulative=True),
                                  scope_prefix=prefix)
    return monthly(month.year, month.month), {desa: n - before.get(desa, 0) for desa, n in this.items()}


def data_value_set(*, area: Area, month: Month, mapping: Mapping) -> tuple[dict, list[str]]:
    """The dataValueSet of every mapped indicator × mapped desa of the area; and what was left out."""
    registry = indicator_registry()
    desa_codes = [d.code for d in area.desa if d.code in mapping.org_units]
    skipped = [f"indikator tanpa pemetaan: {code}" for code in registry if code not in mapping.data_elements]
    skipped += [f"desa tanpa orgUnit: {d.code} {d.name}" for d in area.desa if d.code not in mapping.org_units]
    prefix = _prefix([d.code for d in area.desa])
    values = []
    for code, element in mapping.data_elements.items():
        for sex, combo in element.by_sex or (("", element.category_option_combo),):
            period, counts = _counts(registry[code], element, month, sex=sex, prefix=prefix)
            for desa in desa_codes:
                value = {"dataElement": element.data_element, "period": period, "orgUnit": mapping.org_units[desa],
                         "value": str(counts.get(desa, 0))}
                if combo:
                    value["categoryOptionCombo"] = combo
                if mapping.attribute_option_combo:
                    value["attributeOptionCombo"] = mapping.attribute_option_combo
                values.append(value)
    payload = {"dataSet": mapping.data_set} if mapping.data_set else {}
    return {**payload, "dataValues": values}, skipped


def dumps(payload: dict) -> bytes:
    return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
