"""Record a vaccine dose: checked against the schedule, kept even when late or early, audited."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.accounts import scope
from ilp.accounts.models import Role
from ilp.audit import services as audit
from ilp.facilities.models import Facility
from ilp.indicators import facts
from ilp.satusehat import outbox
from ilp.visits.models import Visit

from .models import Immunization
from .schedule import current_schedule

# Vaccines are given by nakes; kader track who is due and bring them (DOFU), they do not vaccinate.
VACCINATORS = frozenset({Role.DOKTER, Role.BIDAN, Role.PERAWAT})

NOT_ALLOWED = "Imunisasi dicatat oleh dokter, bidan atau perawat."
UNKNOWN_DOSE = "Dosis %(vaccine)s ke-%(dose)s tidak ada dalam jadwal %(version)s."
IN_FUTURE = "Tanggal pemberian tidak boleh di masa depan."
BEFORE_BIRTH = "Tanggal pemberian tidak boleh sebelum tanggal lahir."
ALREADY_GIVEN = "%(dose)s sudah tercatat pada %(date)s."
GIRLS_ONLY = "%(dose)s hanya untuk anak perempuan."
FACILITY_OUT_OF_SCOPE = "Pilih fasilitas di wilayah kerja Anda."


def _given_dates(patient) -> dict[tuple[str, int], dt.date]:
    rows = Immunization.objects.filter(patient=patient, status=Immunization.Status.COMPLETED)
    return {(row.vaccine, row.dose): row.given_on for row in rows}


@transaction.atomic
def record_immunization(*, actor, patient, vaccine: str, dose: int, given_on: dt.date, lot_number: str = "",
                        facility: Facility | None = None) -> Immunization:
    """Store one dose given; a dose outside its window is kept with `outside_window` and its warnings."""
    if actor.role not in VACCINATORS or not actor.sees_patients:
        raise ValidationError(_(NOT_ALLOWED))
    schedule = current_schedule(given_on)
    entry = schedule.dose(vaccine, dose)
    if entry is None:
        raise ValidationError({"dose": [_(UNKNOWN_DOSE) % {"vaccine": vaccine, "dose": dose, "version": schedule.id}]})
    if given_on > timezone.localdate():
        raise ValidationError({"given_on": [_(IN_FUTURE)]})
    if given_on < patient.birth_date:
        raise ValidationError({"given_on": [_(BEFORE_BIRTH)]})
    if entry.sex and patient.sex != entry.sex:
        raise ValidationError({"dose": [_(GIRLS_ONLY) % {"dose": entry.code}]})
    facility = facility or actor.facility
    if not Facility.objects.filter(scope.facility_q(actor), pk=facility.pk).exists():
        raise ValidationError({"facility": [_(FACILITY_OUT_OF_SCOPE)]})
    given = _given_dates(patient)
    if (vaccine, dose) in given:
        raise ValidationError({"dose": [_(ALREADY_GIVEN) % {"dose": entry.code, "date": f"{given[vaccine, dose]:%d-%m-%Y}"}]})
    previous = schedule.previous(entry)
    warnings = schedule.check(entry, birth_date=patient.birth_date, given_on=given_on,
                              previous_given=given.get((previous.vaccine, previous.number)) if previous else None)
    immunization = Immunization.objects.create(
        patient=patient, vaccine=vaccine, dose=dose, given_on=given_on, facility=facility, performer=actor,
        lot_number=lot_number.strip(), outside_window=any(w.outside_window for w in warnings),
        warnings=[w.message for w in warnings],
        schedule_version=schedule.id, recorded_at=timezone.now())
    facts.record_immunization_facts(immunization)
    facts.record_immunization_set_facts(patient)
    audit.record(actor=actor, action="immunization.record", target=immunization,
                 detail={"dose": entry.code, "schedule": schedule.id, "warnings": len(warnings)})
    # The dose belongs to the visit of that patient, day and facility (ilp.immunization.fhir); recorded after the
    # visit went out, the visit is queued again so the Immunization follows.
    for visit in Visit.objects.filter(patient=patient, date=given_on, facility=facility, status="finished"):
        outbox.enqueue_visit(visit)
    return immunization

