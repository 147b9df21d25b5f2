"""Reads on packages: which ones apply to a patient, and what was recorded."""

from django.db.models import QuerySet
from django.utils import timezone

from .engine import evaluate
from .engine.loader import registry
from .engine.schema import PackageDef
from .models import PackageRecord


def packages_for(*, patient, pregnant: bool = False, station: str = "") -> list[PackageDef]:
    """Packages whose `applies_if` holds for the patient today (life stage by age, sex, pregnancy); with
    `station`, only those its definition offers there (`stations:`), so a klaster room never lists the
    home-visit checklists (station `kunjungan_rumah`)."""
    context = evaluate.context_facts(sex=patient.sex, birth_date=patient.birth_date, service_date=timezone.localdate(),
                                     pregnant=pregnant)
    return [p for p in registry().values()
            if (not station or not p.stations or station in p.stations) and evaluate.applies(p, context)]


def record_list(*, patient, package_id: str = "") -> QuerySet[PackageRecord]:
    """A patient's recorded packages (the caller has already read the patient through its selector)."""
    records = PackageRecord.objects.filter(patient=patient, status=PackageRecord.Status.FINAL)
    if package_id:
        records = records.filter(package_id=package_id)
    return records.select_related("performer", "facility")


def hidden_fields(package: PackageDef, *, patient) -> set[str]:
    """Fields whose `show_if` is false for this patient (e.g. girls-only Hb screening for a boy)."""
    context = evaluate.context_facts(sex=patient.sex, birth_date=patient.birth_date, service_date=timezone.localdate())
    return {f.id for f in package.fields if not evaluate.visible(f, context)}
