"""Reads on immunisation: a child's card, who is due or overdue per desa or Posyandu, IDL and IBL.

Every read goes through the user's scope (ilp.accounts.scope): a regional role gets no rows.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet, TextChoices
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ilp.accounts import scope
from ilp.people.models import Patient

from .models import Immunization
from .schedule import Dose, Schedule, add_months, current_schedule

UNDER_FIVE_MONTHS = 60  # due lists cover balita: catch-up doses stay "terlambat" until then


class DoseStatus(TextChoices):
    GIVEN = "given", _("Sudah diberikan")
    NOT_YET = "not_yet", _("Belum waktunya")
    DUE = "due", _("Waktunya imunisasi")
    OVERDUE = "overdue", _("Terlambat")
    SCHOOL = "school", _("Di sekolah (BIAS)")


@dataclass(frozen=True)
class CardRow:
    """One dose on the card: given (with its row), or when it is due and from when it is overdue."""

    dose: Dose
    given: Immunization | None
    due_on: dt.date | None
    overdue_from: dt.date | None
    status: str

    @property
    def status_label(self) -> str:
        return DoseStatus(self.status).label


@dataclass(frozen=True)
class SetStatus:
    """IDL or IBL for one child: complete when every dose of the set was given before the deadline."""

    name: str
    deadline: dt.date  # 1st birthday (IDL), 2nd birthday (IBL)
    missing: tuple[str, ...]  # not given at all
    late: tuple[str, ...]  # given on or after the deadline

    @property
    def complete(self) -> bool:
        return not self.missing and not self.late

    @property
    def label(self) -> str:
        return {"idl": _("IDL"), "idl_klasik": _("IDL (set klasik)"), "ibl": _("IBL")}[self.name]


@dataclass(frozen=True)
class Card:
    """A child's immunisation card (Buku KIA) on a given day."""

    patient: Patient
    schedule: Schedule
    on: dt.date
    rows: tuple[CardRow, ...]
    school_rows: tuple[CardRow, ...]
    idl: SetStatus
    idl_klasik: SetStatus
    ibl: SetStatus

    @property
    def sets(self) -> tuple[SetStatus, ...]:
        return (self.idl, self.idl_klasik, self.ibl)

    @property
    def due(self) -> list[CardRow]:
        return [r for r in self.rows if r.status == DoseStatus.DUE]

    @property
    def overdue(self) -> list[CardRow]:
        return [r for r in self.rows if r.status == DoseStatus.OVERDUE]


def _completed() -> QuerySet[Immunization]:
    return Immunization.objects.filter(status=Immunization.Status.COMPLETED).select_related("facility", "performer")


def immunization_list(*, user, patient: Patient) -> QuerySet[Immunization]:
    """Doses given to a patient the user may see."""
    return _completed().filter(patient=patient, patient__in=Patient.objects.filter(scope.patient_q(user)))


def _row(schedule: Schedule, dose: Dose, *, birth_date: dt.date, given: dict, on: dt.date) -> CardRow:
    done = given.get((dose.vaccine, dose.number))
    if dose.at_school:
        return CardRow(dose, done, None, None, DoseStatus.GIVEN if done else DoseStatus.SCHOOL)
    previous = schedule.previous(dose)
    previous_row = given.get((previous.vaccine, previous.number)) if previous else None
    due = schedule.due_on(dose, birth_date=birth_date, previous_given=previous_row.given_on if previous_row else None)
    overdue = schedule.overdue_from(dose, birth_date=birth_date, due=due)
    if done:
        status = DoseStatus.GIVEN
    elif on < due:
        status = DoseStatus.NOT_YET
    elif overdue is None or on < overdue:
        status = DoseStatus.DUE
    else:
        status = DoseStatus.OVERDUE
    return CardRow(dose, done, due, overdue, status)


def set_status(schedule: Schedule, name: str, *, birth_date: dt.date, given: dict, endemic_je: bool = False) -> SetStatus:
    """IDL: the set before the 1st birthday; IBL: before the 2nd (DOMAIN.md §2)."""
    deadline = add_months(birth_date, 24 if name == "ibl" else 12)
    missing, late = [], []
    for dose in schedule.set_doses(name, endemic_je=endemic_je):
        row = given.get((dose.vaccine, dose.number))
        if row is None:
            missing.append(dose.code)
        elif row.given_on >= deadline:
            late.append(dose.code)
    return SetStatus(name, deadline, tuple(missing), tuple(late))


def build_card(patient: Patient, immunizations, *, on: dt.date, endemic_je: bool = False) -> Card:
    """The card from the doses already read (no query): due dates by the schedule valid on `on`."""
    schedule = current_schedule(on)
    given = {(i.vaccine, i.dose): i for i in immunizations}
    birth = patient.birth_date
    rows = [_row(schedule, d, birth_date=birth, given=given, on=on) for d in schedule.doses
            if not d.at_school and (endemic_je or not d.endemic_only or (d.vaccine, d.number) in given)]
    school = [_row(schedule, d, birth_date=birth, given=given, on=on) for d in schedule.doses
              if d.at_school and (not d.sex or d.sex == patient.sex)]
    return Card(patient, schedule, on, tuple(rows), tuple(school),
                idl=set_status(schedule, "idl", birth_date=birth, given=given, endemic_je=endemic_je),
                idl_klasik=set_status(schedule, "idl_klasik", birth_date=birth, given=given),
                ibl=set_status(schedule, "ibl", birth_date=birth, given=given))


def immunization_card(*, user, patient: Patient, on: dt.date | None = None, endemic_je: bool = False) -> Card:
    """A child's card on `on` (today): each dose given, or due, or overdue."""
    on = on or timezone.localdate()
    return build_card(patient, immunization_list(user=user, patient=patient), on=on, endemic_je=endemic_je)


def due_list(*, user, desa=None, posyandu=None, on: dt.date | None = None) -> list[Card]:
    """Balita of a desa (or of a Posyandu's desa) in the user's scope with a dose due or overdue on `on`.

    The caller reads the Posyandu through ilp.facilities.selectors, so it is already in scope.
    """
    on = on or timezone.localdate()
    children = Patient.objects.filter(scope.patient_q(user), merged_into__isnull=True,
                                      birth_date__gt=add_months(on, -UNDER_FIVE_MONTHS), birth_date__lte=on)
    if posyandu is not None:
        children = children.filter(desa_id__in=list(posyandu.wilayah.values_list("id", flat=True)) or [posyandu.region_id])
    if desa is not None:
        children = children.filter(desa=desa)
    children = children.select_related("desa").prefetch_related(Prefetch("immunizations", queryset=_completed()))
    cards = (build_card(child, child.immunizations.all(), on=on) for child in children.order_by("desa__name", "name_key"))
    return [card for card in cards if card.due or card.overdue]
