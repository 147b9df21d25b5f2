"""Reads on the odontogram, through the visit's and the patient's scope (ilp.visits, ilp.accounts.scope)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from ilp.accounts import scope
from ilp.visits import selectors as visit_selectors

from . import teeth
from .models import DentalExam, DentalTreatment
from .services import chart_of


def exam_list(*, user) -> QuerySet[DentalExam]:
    """Exams of the user's Puskesmas (flow staff only), newest first, of patients the user may see."""
    facility = visit_selectors.flow_facility(user=user)
    from ilp.people.models import Patient

    patients = Patient.objects.filter(scope.patient_q(user)).values("pk")
    return (DentalExam.objects.filter(facility=facility, patient__in=patients)
            .select_related("patient__desa", "examiner", "visit").order_by("-examined_on", "-id"))


@dataclass
class Chart:
    """What the odontogram page shows for a visit: the chart in force, its counts and the history."""

    visit: object
    exam: DentalExam | None  # None until the first tooth or treatment of this visit is recorded
    source: DentalExam | None  # the exam whose teeth are shown: this visit's, else the last one
    statuses: dict[int, str]
    dmft: teeth.DmfCount
    deft: teeth.DmfCount
    treatments: list[DentalTreatment]
    history: list[DentalExam]

    @property
    def carried_over(self) -> bool:
        return self.exam is None and self.source is not None


def chart_get(*, user, visit_id: int) -> Chart:
    """The odontogram of one visit (audited as a read of the visit); before any change, the last exam's chart."""
    visit = visit_selectors.visit_get(user=user, pk=visit_id)
    history = list(DentalExam.objects.filter(patient_id=visit.patient_id).select_related("examiner", "visit")
                   .order_by("-examined_on", "-id")) if visit.patient_id else []
    exam = next((e for e in history if e.visit_id == visit.pk), None)
    source = exam or next((e for e in history if e.examined_on <= visit.date), None)
    statuses = chart_of(source)
    treatments = list(exam.treatments.select_related("condition", "performer")) if exam else []
    return Chart(visit=visit, exam=exam, source=source, statuses=statuses, dmft=teeth.dmft(statuses),
                 deft=teeth.deft(statuses), treatments=treatments, history=history)
