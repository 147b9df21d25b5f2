"""Klaster 1 records made directly, for tests that need one of each without going through the head's services."""

import datetime as dt

from django.utils import timezone

from ilp.management import choices
from ilp.management.models import Asset, FollowUpAction, Incident, PlanActivity, Staff, Workshop


def staff(facility, name: str = "Bd. Yusnita", **fields) -> Staff:
    defaults = {"kind": choices.StaffKind.BIDAN, "employment": choices.Employment.PNS, "education": choices.Education.D3,
                "started_on": dt.date(2015, 3, 1)}
    return Staff.objects.create(facility=facility, name=name, **(defaults | fields))


def matrix_objects(*, puskesmas, by) -> dict:
    """One record of each kind with its own page, for the permission matrix (keys prefixed mg_)."""
    today = timezone.localdate()
    workshop = Workshop.objects.create(facility=puskesmas, held_on=today, kind=choices.WorkshopKind.MONTHLY,
                                       place="Aula", issues="Cakupan K1 rendah", created_by=by)
    return {
        "mg_staff": staff(puskesmas),
        "mg_asset": Asset.objects.create(facility=puskesmas, category=choices.AssetCategory.ALKES, name="Tensimeter",
                                         condition=choices.Condition.BAIK),
        "mg_incident": Incident.objects.create(facility=puskesmas, occurred_on=today, kind=choices.IncidentKind.KNC,
                                               grade=choices.RiskGrade.HIJAU, unit="Farmasi", description="Nama mirip",
                                               reported_by=by),
        "mg_plan": PlanActivity.objects.create(facility=puskesmas, kind=choices.PlanKind.RPK, year=today.year, name="Kelas ibu",
                                               fund_source=choices.FundSource.BOK, person_in_charge="Bidan"),
        "mg_workshop": workshop,
        "mg_action": FollowUpAction.objects.create(workshop=workshop, problem="K1 rendah", action="Sweeping bumil",
                                                   person_in_charge="Bidan", due_on=today),
    }
