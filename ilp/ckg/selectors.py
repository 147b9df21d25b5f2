"""CKG reads, always within the user's scope: registrations, the day board, the worklist, coverage."""

import datetime as dt
from collections import Counter

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ilp.accounts import scope
from ilp.audit import services as audit
from ilp.indicators.sasaran import sasaran_for
from ilp.packages.models import PackageRecord
from ilp.people.models import Patient
from ilp.regions.models import Region
from ilp.visits.models import FollowUp, Visit

from .models import CkgRegistration, Group, Pupil, ResultClass, Route, School
from .services import KHUSUS_PACKAGES, REGISTRY_PREFIX

# The sasaran group each CKG group is measured against (ilp/indicators/sasaran.py).
SASARAN_OF_GROUP = {Group.BBL: "lahir_hidup", Group.BALITA: "balita", "dewasa": "usia_15_59", Group.LANSIA: "lansia"}
GAP_DAYS = 30  # a registry follow-up still open after 30 days is a gap in tatalaksana


def registration_list(*, user, on: dt.date | None = None) -> QuerySet[CkgRegistration]:
    """CKG registrations of the user's Puskesmas (or Pustu); kader get the gap worklist, not the clinical record."""
    if not user.sees_patients or user.role == "kader":
        raise PermissionDenied
    rows = CkgRegistration.objects.filter(facility__in=_facilities(user), patient__in=Patient.objects.filter(scope.patient_q(user)))
    if on:
        rows = rows.filter(registered_at__date=on)
    return rows.select_related("patient", "visit", "patient__desa")


def _facilities(user):
    return [user.facility.puskesmas.pk, user.facility_id]


def registration_get(*, user, pk: int) -> CkgRegistration:
    registration = get_object_or_404(registration_list(user=user), pk=pk)
    audit.record_read(actor=user, target=registration.patient)
    return registration


def day_board(*, user, on: dt.date) -> dict[str, list]:
    """Today's CKG people by where they wait in the ILP flow (the station of their open queue entry)."""
    board: dict[str, list] = {}
    for registration in registration_list(user=user, on=on).filter(visit__isnull=False).prefetch_related("visit__entries__station"):
        entries = [e for e in registration.visit.entries.all() if e.status in ("waiting", "called", "in_service")]
        station = entries[-1].station.name if entries else registration.get_status_display()
        board.setdefault(station, []).append(registration)
    return board


def gap_worklist(*, user, today: dt.date | None = None) -> QuerySet[FollowUp]:
    """Gap tatalaksana: a CKG registry follow-up open for GAP_DAYS with no visit since (no treatment, no control)."""
    today = today or timezone.localdate()
    if not user.sees_patients:
        raise PermissionDenied
    seen_since = Visit.objects.filter(patient=OuterRef("patient"), date__gt=OuterRef("created_at__date"),
                                      status=Visit.Status.FINISHED).exclude(pk=OuterRef("visit"))  # not the CKG itself
    return (FollowUp.objects.filter(reason__startswith=REGISTRY_PREFIX, done_at__isnull=True,
                                    created_at__date__lte=today - dt.timedelta(days=GAP_DAYS),
                                    patient__in=Patient.objects.filter(scope.patient_q(user)))
            .exclude(Exists(seen_since)).select_related("patient__desa", "pustu").order_by("created_at"))


def coverage(*, user, year: int) -> dict:
    """Done per CKG group, desa and month, against the sasaran of the user's wilayah (counts, no names)."""
    desa_ids = scope.wilayah_desa_ids(user)
    rows = CkgRegistration.objects.filter(year=year, patient__desa_id__in=desa_ids).values_list(
        "group", "patient__desa_id", "registered_at__month", "route")
    by_group, by_desa, by_month, by_route = Counter(), Counter(), Counter(), Counter()
    for group, desa_id, month, route in rows:
        by_route[route] += 1
        key = "dewasa" if group.startswith("dewasa") else group
        by_group[key] += 1
        by_desa[desa_id] += 1
        by_month[month] += 1
    memo: dict = {}
    groups = []
    for key, label in ((Group.BBL, Group.BBL.label), (Group.BALITA, Group.BALITA.label), ("dewasa", "Dewasa 18–59 tahun"),
                       (Group.LANSIA, Group.LANSIA.label)):
        target = sum(f.value for f in sasaran_for(year=year, group=SASARAN_OF_GROUP[key], desa_ids=desa_ids, memo=memo).values())
        done = by_group.get(key, 0)
        groups.append({"key": key, "label": label, "done": done, "target": target,
                       "percent": round(100 * done / target, 1) if target else None})
    desa_names = dict(Region.objects.filter(pk__in=desa_ids).values_list("pk", "name"))
    months = [by_month.get(m, 0) for m in range(1, 13)]
    return {"groups": groups, "by_desa": sorted((desa_names[d], n) for d, n in by_desa.items()),
            "by_month": months, "month_max": max(months) or 1, "total": sum(by_group.values()),
            "by_route": [(label, by_route.get(value, 0)) for value, label in Route.choices]}


def person_status(*, user, year: int, search: str = "", limit: int = 200) -> list[dict]:
    """Patients of the wilayah with their CKG of the year, if any (done / not yet)."""
    if not user.sees_patients:
        raise PermissionDenied
    from django.db.models import FilteredRelation

    patients = Patient.objects.filter(scope.patient_q(user)).annotate(
        ckg=FilteredRelation("ckg_registrations", condition=Q(ckg_registrations__year=year)))
    if search:
        patients = patients.filter(Q(name__icontains=search) | Q(nik=search))
    rows = patients.values("pk", "name", "nik", "birth_date", "ckg__status", "ckg__result_class").order_by("name")[:limit]
    for row in rows:
        row["status_label"] = CkgRegistration.Status(row["ckg__status"]).label if row["ckg__status"] else ""
        row["result_label"] = ResultClass(row["ckg__result_class"]).label if row["ckg__result_class"] else ""
    return rows


def khusus_candidates(*, user, patients, year: int) -> dict[int, list[PackageRecord]]:
    """Per patient without a CKG this year: their ANC contacts and balita weighings of the year (PKG Khusus)."""
    in_scope = Patient.objects.filter(scope.patient_q(user), pk__in=[p.pk for p in patients])
    rows = (PackageRecord.objects.filter(patient__in=in_scope,
                                         package_id__in=KHUSUS_PACKAGES, status=PackageRecord.Status.FINAL,
                                         service_date__year=year)
            .exclude(patient__ckg_registrations__year=year).order_by("-service_date"))
    found: dict[int, list[PackageRecord]] = {}
    for record in rows:
        found.setdefault(record.patient_id, []).append(record)
    return found


def khusus_record_get(*, user, pk: int) -> PackageRecord:
    """The ANC contact or balita weighing a PKG Khusus is made from: a package record of a patient in scope, else 404."""
    if not user.sees_patients:
        raise PermissionDenied
    return get_object_or_404(PackageRecord.objects.select_related("patient", "visit"),
                             patient__in=Patient.objects.filter(scope.patient_q(user)), pk=pk)


def school_list(*, user) -> QuerySet[School]:
    """Schools of the user's Puskesmas, with this year's pupils and how many have had their CKG."""
    registration_list(user=user)  # the same gate: facility staff, no kader, no regional role
    year = timezone.localdate().year
    done = CkgRegistration.objects.filter(patient=OuterRef("patient"), year=year)
    pupils = Pupil.objects.filter(school=OuterRef("pk"), year=year)
    return (School.objects.filter(facility=user.facility.puskesmas).select_related("desa")
            .annotate(pupil_count=Count("pupils", filter=Q(pupils__year=year), distinct=True),
                      done_count=Subquery(pupils.filter(Exists(done)).values("school").annotate(n=Count("pk")).values("n")[:1])))


def school_get(*, user, pk: int) -> School:
    return get_object_or_404(school_list(user=user), pk=pk)


def pupil_rows(*, school: School) -> QuerySet[Pupil]:
    """This year's class list with each pupil's CKG of the year, if any."""
    year = timezone.localdate().year
    return (Pupil.objects.filter(school=school, year=year).select_related("patient")
            .annotate(ckg_id=Subquery(CkgRegistration.objects.filter(patient=OuterRef("patient"), year=year).values("pk")[:1])))


def wilayah_desa(*, user) -> QuerySet[Region]:
    return Region.objects.filter(pk__in=scope.wilayah_desa_ids(user)).order_by("name")
