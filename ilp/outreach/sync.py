"""Reads for the offline kader app: changes since a cursor, in the user's scope, and the form definitions.

A cursor holds one position per stream (families, people, records), each ordered by a key that
only grows: (updated_at, id) for rows that change, id for package records, which are never
rewritten (a correction is a new record). The client stores the cursor after applying a page, so a
sync cut off half-way resumes where it stopped; applying a row twice is harmless (upsert by id).
"""

import base64
import json
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime

from ilp.accounts import scope
from ilp.packages.engine.loader import registry
from ilp.packages.models import PackageRecord
from ilp.people import selectors as people_selectors
from ilp.people.models import Family

from . import offline

# What the app needs to build its due lists offline: weighings, pregnancies (HPL), births, home visits done.
SYNCED_PACKAGES = ("balita", "anc", "persalinan", *(p.id for p in offline.offline_packages() if p.id != "balita"))
WEIGHING_FIELDS = offline.WEIGHING_FIELDS
MAX_PAGE = 500


@dataclass
class Cursor:
    families: tuple[str, int] = ("", 0)
    people: tuple[str, int] = ("", 0)
    records: int = 0

    def encode(self) -> str:
        raw = json.dumps({"f": list(self.families), "p": list(self.people), "r": self.records}, separators=(",", ":"))
        return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, text: str) -> "Cursor":
        """An empty or unreadable cursor starts from the beginning (a full first sync)."""
        if not text:
            return cls()
        try:
            raw = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
            return cls(families=(str(raw["f"][0]), int(raw["f"][1])), people=(str(raw["p"][0]), int(raw["p"][1])),
                       records=int(raw["r"]))
        except (ValueError, KeyError, IndexError, TypeError):
            return cls()


def _after(rows: QuerySet, position: tuple[str, int]) -> QuerySet:
    stamp, pk = position
    when = parse_datetime(stamp) if stamp else None
    if when is None:
        return rows
    return rows.filter(Q(updated_at__gt=when) | Q(updated_at=when, pk__gt=pk))


def changes_since(*, user, cursor: Cursor, limit: int = 200) -> dict:
    """One page of families, people and package records changed after the cursor, inside the user's scope."""
    limit = max(1, min(limit, MAX_PAGE))
    people_q = people_selectors.patient_list(user=user)
    families = list(_after(Family.objects.filter(scope.region_q(user, "desa")) if user.sees_patients else Family.objects.none(),
                           cursor.families).order_by("updated_at", "pk")[:limit])
    people = list(_after(people_q.order_by(), cursor.people).order_by("updated_at", "pk")[:limit])
    records = list(PackageRecord.objects.filter(patient__in=people_q.order_by().values("pk"), package_id__in=SYNCED_PACKAGES,
                                                status=PackageRecord.Status.FINAL, pk__gt=cursor.records)
                   .order_by("pk")[:limit])
    next_cursor = Cursor(
        families=(families[-1].updated_at.isoformat(), families[-1].pk) if families else cursor.families,
        people=(people[-1].updated_at.isoformat(), people[-1].pk) if people else cursor.people,
        records=records[-1].pk if records else cursor.records)
    return {
        "families": [_family(f) for f in families], "people": [_person(p) for p in people],
        "records": [_record(r) for r in records], "cursor": next_cursor.encode(),
        "more": max(len(families), len(people), len(records)) == limit,
    }


def _family(family: Family) -> dict:
    return {"id": family.pk, "kk_number": family.kk_number or "", "address": family.address, "rt": family.rt,
            "rw": family.rw, "desa_id": family.desa_id}


def _person(patient) -> dict:
    return {"id": patient.pk, "name": patient.name, "sex": patient.sex, "birth_date": patient.birth_date.isoformat(),
            "family_id": patient.family_id, "relation": patient.family_relation, "address": patient.address,
            "desa_id": patient.desa_id, "version": patient.version, "merged": patient.merged_into_id is not None}


def _record(record: PackageRecord) -> dict:
    values, computed = record.values, record.computed
    return {"id": record.pk, "patient_id": record.patient_id, "package_id": record.package_id,
            "service_date": record.service_date.isoformat(), "weight": values.get("weight"),
            "hpl": computed.get("hpl") if record.package_id == "anc" else None,
            "flags": [f["code"] for f in record.flags]}


def package_definition(package_id: str, *, only: tuple[str, ...] = ()) -> dict | None:
    """A package's form as the app draws it (offline.package_form) with the package's messages."""
    package = registry().get(package_id)
    if package is None:
        return None
    return {**offline.package_form(package, only=only), "messages": offline.forms_messages()}


def today_iso() -> str:
    from django.utils import timezone

    return timezone.localdate().isoformat()
