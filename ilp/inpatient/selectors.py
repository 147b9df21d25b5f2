"""Reads on rawat inap, always inside the user's Puskesmas: the bed board, a stay, the chart, occupancy."""

import calendar
import datetime as dt

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ilp.audit import services as audit
from ilp.clinical.models import Observation
from ilp.clinical.vitals import VITALS_BY_ID
from ilp.visits.selectors import flow_facility

from . import occupancy
from .models import Admission, Bed, Ward
from .services import WARD_VITALS


def ward_list(*, user) -> list[Ward]:
    """The Puskesmas' wards with their beds and who lies in each (the bed board)."""
    facility = flow_facility(user=user)
    open_stays = Admission.objects.filter(discharged_at__isnull=True).select_related("patient")
    wards = (Ward.objects.filter(facility=facility, active=True)
             .prefetch_related(Prefetch("beds", queryset=Bed.objects.filter(active=True).prefetch_related(
                 Prefetch("admissions", queryset=open_stays, to_attr="occupants")))))
    return list(wards)


def free_beds(*, facility) -> QuerySet[Bed]:
    """Beds of the facility nobody lies in now."""
    return (Bed.objects.filter(ward__facility=facility, ward__active=True, active=True)
            .exclude(pk__in=Admission.objects.filter(discharged_at__isnull=True).values("bed"))
            .select_related("ward").order_by("ward__name", "code"))


def has_wards(*, facility) -> bool:
    return Ward.objects.filter(facility=facility, active=True).exists()


def admission_list(*, user, status: str = "dirawat") -> QuerySet[Admission]:
    facility = flow_facility(user=user)
    stays = Admission.objects.filter(facility=facility).select_related("patient__desa", "bed__ward")
    if status == "dirawat":
        stays = stays.filter(discharged_at__isnull=True)
    elif status == "pulang":
        stays = stays.filter(discharged_at__isnull=False)
    return stays.order_by("-admitted_at")


def admission_get(*, user, pk: int) -> Admission:
    """One stay of the user's Puskesmas, audited as a read of the patient's record."""
    admission = get_object_or_404(
        Admission.objects.filter(facility=flow_facility(user=user)).select_related(
            "patient__desa", "bed__ward", "admitted_by", "discharged_by", "facility", "visit"),
        pk=pk)
    audit.record_read(actor=user, target=admission)
    return admission


def vital_chart(*, admission: Admission) -> dict:
    """The stay's vital signs as chart series (time labels, one list per measure, gaps as None)."""
    rows = (Observation.objects.filter(source=admission.vitals_source, status=Observation.Status.FINAL)
            .order_by("effective_at", "id").values_list("effective_at", "code", "value_quantity"))
    by_code = {VITALS_BY_ID[k].code: k for k in WARD_VITALS}
    times: list[dt.datetime] = []
    table: dict[dt.datetime, dict[str, float]] = {}
    for at, code, value in rows:
        if at not in table:
            times.append(at)
            table[at] = {}
        table[at][by_code.get(code, code)] = float(value)
    return {"labels": [timezone.localtime(t).strftime("%d-%m %H:%M") for t in times],
            "series": {k: [table[t].get(k) for t in times] for k in WARD_VITALS},
            "rows": [(timezone.localtime(t), table[t]) for t in times]}


def bed_occupancy(*, facility, year: int, month: int) -> occupancy.BedFigures:
    """BOR, ALOS, BTO, TOI (and GDR/NDR) of a Puskesmas for a month: the function the Klaster 1 dashboard reads."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    stays = (Admission.objects.filter(facility=facility, admitted_at__lt=end)
             .filter(Q(discharged_at__isnull=True) | Q(discharged_at__gte=start))
             .values_list("admitted_at", "discharged_at", "outcome"))
    beds = Bed.objects.filter(ward__facility=facility, ward__active=True, active=True).count()
    return occupancy.compute(stays=list(stays), beds=beds, year=year, month=month, today=timezone.localdate())


def occupancy_for(*, user, year: int, month: int) -> occupancy.BedFigures:
    return bed_occupancy(facility=flow_facility(user=user), year=year, month=month)
