"""A dose given at a visit as a SATUSEHAT Immunization, with the vaccine in the code system the examples use.

Shape from the official example satusehat-usecase/ANC/Immunization-Create-VG139-T1: vaccineCode in
http://sys-ids.kemkes.go.id/kfa with the vaccine group code (VG...), performer as the administering
provider, protocolApplied with the dose number. The examples show the group code of Td only (VG139);
the other vaccines of the schedule stay at the Puskesmas until their codes are known (the status page
says so): we do not invent codes. A dose belongs to the visit of that patient, day and facility; doses
an inbound app reported are the app's to send (decision 0018). Registered in ImmunizationConfig.ready().
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.satusehat import mapping
from ilp.satusehat.contributors import Contributor, Planned, register
from ilp.satusehat.fhirjson import instant
from ilp.satusehat.models import InboundRecord

from .models import Immunization

KFA = f"{mapping.validator.SYS_IDS}kfa"
VACCINE_CODES = {"Td": ("VG139", "Td")}  # our schedule's vaccine → (group code, display) as the examples write it
ADMINISTERING = {"system": "http://terminology.hl7.org/CodeSystem/v2-0443", "code": "AP",
                 "display": "Administering Provider"}
NO_CODE = "Imunisasi %(dose)s belum punya kode vaksin SATUSEHAT yang diketahui; tetap di Puskesmas, tidak dikirim."


def _doses(visits) -> list[tuple[int, Immunization]]:
    """(visit id, dose) for completed doses given at these visits (same patient, day and facility), none from an app."""
    by_key = {(v.patient_id, v.date, v.facility_id): v.pk for v in visits if v.patient_id}
    if not by_key:
        return []
    from_apps = InboundRecord.objects.filter(target_type=Immunization._meta.label,
                                             outcome=InboundRecord.Outcome.CREATED).values("target_id")
    doses = (Immunization.objects.filter(patient_id__in={k[0] for k in by_key}, given_on__in={k[1] for k in by_key},
                                         status=Immunization.Status.COMPLETED).exclude(pk__in=from_apps).order_by("id"))
    return [(by_key[key], dose) for dose in doses if (key := (dose.patient_id, dose.given_on, dose.facility_id)) in by_key]


def plan(visit):
    return [Planned(dose.pk) for _visit, dose in _doses([visit]) if dose.vaccine in VACCINE_CODES]


def kept(visits):
    return [(visit_id, _(NO_CODE) % {"dose": dose.dose_code}) for visit_id, dose in
            _doses(visits.only("pk", "patient_id", "date", "facility_id"))
            if dose.vaccine not in VACCINE_CODES]


def immunization(local_id: int, context) -> dict:
    dose = Immunization.objects.select_related("patient__mother", "performer").get(pk=local_id)
    if dose.vaccine not in VACCINE_CODES:
        raise mapping.MappingError(_(NO_CODE) % {"dose": dose.dose_code})
    code, display = VACCINE_CODES[dose.vaccine]
    same_day = timezone.localtime(dose.recorded_at).date() == dose.given_on
    resource = {
        "resourceType": "Immunization",
        "identifier": mapping.identifier("Immunization", context.org_id, dose),
        "status": "completed",
        "vaccineCode": {"coding": [{"system": KFA, "code": code, "display": display}]},
        "patient": mapping.subject(context.resolver, dose.patient),
        "encounter": {"reference": context.encounter},
        "occurrenceDateTime": instant(dose.recorded_at) if same_day else dose.given_on.isoformat(),
        "recorded": instant(dose.recorded_at),
        "primarySource": True,  # given by our own staff, not recalled
        "protocolApplied": [{"doseNumberPositiveInt": dose.dose}],
    }
    if dose.performer_id:
        resource["performer"] = [{"function": {"coding": [ADMINISTERING]},
                                  "actor": mapping.practitioner(context.resolver, dose.performer)}]
    if dose.lot_number:
        resource["lotNumber"] = dose.lot_number
    return resource


def register_contributors() -> None:
    register(Contributor("Immunization", plan=plan, build=immunization, kept=kept))
