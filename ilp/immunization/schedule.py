"""The immunisation schedule as versioned data (schedules/*.yaml), parsed once into typed objects.

Pure date arithmetic, no database: due dates, the checks on a dose given, and the IDL/IBL sets.
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml
from django.utils.translation import gettext as _

from ilp.packages.engine.loader import LineLoader  # every mapping knows its line, for errors

SCHEDULES = Path(__file__).resolve().parent / "schedules"

BEFORE_MIN_AGE = "%(dose)s diberikan sebelum umur anjuran (%(when)s)."
BEFORE_INTERVAL = "%(dose)s diberikan kurang dari %(days)d hari setelah %(previous)s."
LATE = "%(dose)s di luar jadwal: dianjurkan %(when)s."
PREVIOUS_MISSING = "%(previous)s belum tercatat."


class ScheduleError(ValueError):
    """A schedule file is wrong; the message names the file and line."""


def add_months(start: dt.date, months: int) -> dt.date:
    """The first day on which `months` completed calendar months have passed (DOMAIN.md §0).

    Born on 31 January, one month is completed on 1 March: February has no 31st.
    """
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    last_day = calendar.monthrange(year, month)[1]
    if start.day > last_day:
        return dt.date(year, month, last_day) + dt.timedelta(days=1)
    return start.replace(year=year, month=month)


@dataclass(frozen=True)
class Span:
    """An age or an interval: days, weeks and months."""

    days: int = 0
    weeks: int = 0
    months: int = 0

    def after(self, start: dt.date) -> dt.date:
        """`start` plus this age, months as calendar months."""
        return add_months(start, self.months) + dt.timedelta(days=self.days + 7 * self.weeks)

    def in_days(self, month_days: int) -> int:
        """This interval in days, a month counted as `month_days` (the schedule's rule)."""
        return self.days + 7 * self.weeks + self.months * month_days


class DoseWarning(NamedTuple):
    """Why a dose given is flagged: "min_age", "interval", "late" or "previous_missing"."""

    kind: str
    message: str

    @property
    def outside_window(self) -> bool:
        # A missing earlier dose is worth saying, but it does not put this dose outside its own window.
        return self.kind != "previous_missing"


@dataclass(frozen=True)
class Dose:
    """One dose of the schedule: when it is due, when its window ends, and how long after the previous dose."""

    code: str  # "DPT-HB-Hib1", as on the Buku KIA card
    vaccine: str  # "DPT-HB-Hib"; with `number`, what an Immunization row stores
    number: int
    when: str  # the recommended age or grade, as the card prints it
    age: Span | None = None
    until: Span | None = None
    interval: Span | None = None  # minimum interval after the previous dose of the same vaccine
    endemic_only: bool = False
    grade: int | None = None  # BIAS: school grade and month instead of an age
    month: int | None = None
    sex: str = ""

    @property
    def at_school(self) -> bool:
        return self.grade is not None


@dataclass(frozen=True)
class Schedule:
    """One version of the national schedule, e.g. "KMK-2023"."""

    id: str
    source: str
    valid_from: dt.date
    month_days: int
    doses: tuple[Dose, ...]
    sets: dict[str, tuple[str, ...]]

    def dose(self, vaccine: str, number: int) -> Dose | None:
        return next((d for d in self.doses if d.vaccine == vaccine and d.number == number), None)

    def by_code(self, code: str) -> Dose:
        return next(d for d in self.doses if d.code == code)

    def previous(self, dose: Dose) -> Dose | None:
        return self.dose(dose.vaccine, dose.number - 1)

    def due_on(self, dose: Dose, *, birth_date: dt.date, previous_given: dt.date | None) -> dt.date | None:
        """The recommended age, or the minimum interval after the previous dose when that is later."""
        if dose.age is None:
            return None
        due = dose.age.after(birth_date)
        if dose.interval and previous_given:
            due = max(due, previous_given + dt.timedelta(days=dose.interval.in_days(self.month_days)))
        return due

    def overdue_from(self, dose: Dose, *, birth_date: dt.date, due: dt.date | None) -> dt.date | None:
        """The end of the recommended window; a dose pushed past it by a late previous dose is overdue once due."""
        if dose.until is None or due is None:
            return None
        return max(dose.until.after(birth_date), due)

    def check(self, dose: Dose, *, birth_date: dt.date, given_on: dt.date,
              previous_given: dt.date | None) -> list[DoseWarning]:
        """Warnings for a dose given on `given_on` (flagged, still counted: DOMAIN.md §2)."""
        warnings = []
        if dose.age and given_on < dose.age.after(birth_date):
            warnings.append(DoseWarning("min_age", _(BEFORE_MIN_AGE) % {"dose": dose.code, "when": dose.when}))
        previous = self.previous(dose)
        if dose.interval and previous_given:
            days = dose.interval.in_days(self.month_days)
            if given_on < previous_given + dt.timedelta(days=days):
                warnings.append(DoseWarning("interval", _(BEFORE_INTERVAL) % {"dose": dose.code, "days": days,
                                                                              "previous": previous.code}))
        if dose.until and given_on >= dose.until.after(birth_date):
            warnings.append(DoseWarning("late", _(LATE) % {"dose": dose.code, "when": dose.when}))
        if previous and previous_given is None:
            warnings.append(DoseWarning("previous_missing", _(PREVIOUS_MISSING) % {"previous": previous.code}))
        return warnings

    def set_doses(self, name: str, *, endemic_je: bool = False) -> tuple[Dose, ...]:
        """The doses of a set ("idl", "idl_klasik", "ibl"); JE joins IDL where the kab/kota is endemic."""
        codes = list(self.sets[name])
        if endemic_je and name == "idl":
            codes += [d.code for d in self.doses if d.endemic_only]
        return tuple(self.by_code(code) for code in codes)


def _span(raw: dict | None) -> Span | None:
    if not raw:
        return None
    unknown = set(raw) - {"days", "weeks", "months", "__line__"}
    if unknown:
        raise ValueError(f"unknown unit(s) {sorted(unknown)}")
    return Span(days=int(raw.get("days", 0)), weeks=int(raw.get("weeks", 0)), months=int(raw.get("months", 0)))


def _dose(raw: dict) -> Dose:
    dose = Dose(code=raw["code"], vaccine=raw["vaccine"], number=int(raw["dose"]), when=raw["when"], age=_span(raw.get("age")),
                until=_span(raw.get("until")), interval=_span(raw.get("interval")),
                endemic_only=bool(raw.get("endemic_only", False)), grade=raw.get("grade"), month=raw.get("month"),
                sex=raw.get("sex", ""))
    if (dose.age is None) == (dose.grade is None):
        raise ValueError(f"dose {dose.code}: give either an age or a school grade")
    if dose.age and dose.until and dose.until.after(dt.date(2000, 1, 1)) <= dose.age.after(dt.date(2000, 1, 1)):
        raise ValueError(f"dose {dose.code}: the window ends before it starts")
    return dose


def load_file(path: Path) -> Schedule:
    """Parse and check one schedule file; raises ScheduleError naming the file and line."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)  # noqa: S506 (SafeLoader subclass)
    except yaml.YAMLError as error:
        raise ScheduleError(f"{path.name}: {error}") from None
    line = data.get("__line__", 1)
    try:
        doses = []
        for raw in data["doses"]:
            line = raw.get("__line__", line)
            doses.append(_dose(raw))
        line = data.get("__line__", 1)
        codes = [d.code for d in doses]
        if len(codes) != len(set(codes)) or len({(d.vaccine, d.number) for d in doses}) != len(doses):
            raise ValueError("dose codes and (vaccine, dose) pairs must be unique")
        sets = {name: tuple(members) for name, members in data["sets"].items() if name != "__line__"}
        unknown = {code for members in sets.values() for code in members} - set(codes)
        if unknown:
            raise ValueError(f"sets name unknown dose(s) {sorted(unknown)}")
        return Schedule(id=data["id"], source=data["source"], valid_from=data["valid_from"],
                        month_days=int(data["month_days"]), doses=tuple(doses), sets=sets)
    except (KeyError, TypeError, ValueError) as error:
        detail = f"missing key {error}" if isinstance(error, KeyError) else str(error)
        raise ScheduleError(f"{path.name}:{line}: {detail}") from None


@lru_cache(maxsize=1)
def schedules() -> dict[str, Schedule]:
    """Every schedule version by id."""
    return {s.id: s for s in (load_file(path) for path in sorted(SCHEDULES.glob("*.yaml")))}


def current_schedule(on: dt.date | None = None) -> Schedule:
    """The newest version already valid on `on` (today by default); the oldest we have for earlier days."""
    from django.utils import timezone

    on = on or timezone.localdate()
    versions = sorted(schedules().values(), key=lambda s: s.valid_from)
    valid = [s for s in versions if s.valid_from <= on]
    return valid[-1] if valid else versions[0]
