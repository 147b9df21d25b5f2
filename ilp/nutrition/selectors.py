"""Reads on nutrition, scoped like the flow (Puskesmas staff) and the patient (ilp.accounts.scope)."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone

from ilp.accounts import scope
from ilp.growth.status import TABLE
from ilp.packages import selectors as package_selectors
from ilp.packages.kia import UNDER_FIVE_DAYS, growth_charts
from ilp.people import selectors as people_selectors
from ilp.visits import selectors as visit_selectors

from . import eligibility
from .models import Counselling, PmtDistribution, PmtProgram


def _patients(user):
    from ilp.people.models import Patient

    return Patient.objects.filter(scope.patient_q(user)).values("pk")


def pmt_list(*, user, status: str = "") -> QuerySet[PmtProgram]:
    """PMT courses of the user's Puskesmas, running first, with how much was handed out."""
    facility = visit_selectors.flow_facility(user=user)
    programs = PmtProgram.objects.filter(facility=facility, patient__in=_patients(user))
    if status:
        programs = programs.filter(status=status)
    return (programs.select_related("patient__desa").annotate(handouts=Count("distributions"), given=Sum("distributions__quantity"))
            .order_by("status", "-started_on", "-id"))


@dataclass
class PatientPmt:
    """A patient's PMT courses at the user's Puskesmas, newest first; at most one runs."""

    patient: object
    programs: list[PmtProgram]

    @property
    def running(self) -> PmtProgram | None:
        return next((p for p in self.programs if p.status == PmtProgram.Status.RUNNING), None)


def pmt_of_patient(*, user, patient_pk: int) -> PatientPmt:
    """The PMT page of one patient in scope (the patient read is audited); 404 outside the user's scope."""
    facility = visit_selectors.flow_facility(user=user)
    patient = people_selectors.patient_get(user=user, pk=patient_pk)
    programs = (PmtProgram.objects.filter(patient=patient, facility=facility)
                .select_related("basis", "end_record", "started_by", "ended_by")
                .prefetch_related(Prefetch("distributions", queryset=PmtDistribution.objects.select_related("recorded_by"))))
    return PatientPmt(patient, list(programs.order_by("-started_on", "-id")))


def counselling_list(*, user, limit: int = 20) -> QuerySet[Counselling]:
    facility = visit_selectors.flow_facility(user=user)
    return (Counselling.objects.filter(facility=facility, patient__in=_patients(user))
            .select_related("patient__desa", "counsellor").order_by("-counselled_on", "-id")[:limit])


STATUS_LABELS = {c.code: c.label for row in TABLE.values() for c in row}
Z_ROWS = [("BB/U", "waz", "bb_u"), ("PB/U, TB/U", "haz", "tb_u"), ("BB/PB, BB/TB", "whz", "bb_tb"), ("IMT/U", "baz", "imt_u")]


@dataclass
class GiziPage:
    """The gizi room's view of a patient at a visit: latest measurement, charts, PMT eligibility and history."""

    visit: object
    patient: object
    assessment: eligibility.Eligibility
    latest: object  # latest growth or ANC record, whatever its age
    charts: dict | None
    counsellings: list[Counselling]
    programs: list[PmtProgram]

    @property
    def running(self) -> PmtProgram | None:
        return next((p for p in self.programs if p.status == PmtProgram.Status.RUNNING), None)

    @property
    def z_scores(self) -> list[tuple[str, str, object, str]]:
        """(index, key, z, Permenkes 2/2020 status) as the growth record stored them."""
        computed = self.latest.computed if self.latest is not None else {}
        return [(label, key, computed.get(key), STATUS_LABELS.get(computed.get(status) or "", ""))
                for label, key, status in Z_ROWS]


def gizi_page(*, user, visit_id: int) -> GiziPage:
    visit = visit_selectors.visit_get(user=user, pk=visit_id)
    patient = visit.patient
    if patient is None:
        return GiziPage(visit, None, eligibility.Eligibility("", None, None, False, ""), None, None, [], [])
    today = timezone.localdate()
    assessment = eligibility.assess(patient, on=today, pregnant=visit.pregnant)
    target = assessment.target
    latest = eligibility.latest_measurement(patient, target=target, on=today) if target else None
    charts = None
    if (today - patient.birth_date).days <= UNDER_FIVE_DAYS:
        records = package_selectors.record_list(patient=patient).filter(package_id__in=("balita", "neonatal"))
        charts = {"charts": growth_charts(patient, records, on=today)}
    counsellings = list(patient.nutrition_counsellings.select_related("counsellor", "measurement"))
    programs = list(patient.pmt_programs.all())
    return GiziPage(visit, patient, assessment, latest, charts, counsellings, programs)
