"""The one place that decides what a user may see. Every selector calls these; no view filters itself.

- Facility staff see patients living in their facility's wilayah kerja; Puskesmas staff also see
  the patients who have a medical record (no. RM) at their Puskesmas, wherever they live.
- Kader and Pustu staff see only their own desa.
- Regional roles (Dinkes, pusat) and the system administrator see no patient rows at all:
  they get aggregates from other selectors.
"""

from django.db.models import Exists, OuterRef, Q

from .models import Role, User

NOTHING = Q(pk__in=[])


def wilayah_desa_ids(user: User) -> list[int]:
    """Ids of the desa that the user's facility serves (empty for users without a facility)."""
    if not user.facility_id:
        return []
    # A Puskesmas serves its wilayah kerja; a Pustu or Posyandu (and its kader) only its own desa.
    ids = list(user.facility.wilayah.values_list("id", flat=True))
    return ids or [user.facility.region_id]


def patient_q(user: User) -> Q:
    """Q over Patient for the patients this user may see by name."""
    if not user.is_authenticated or not user.sees_patients:
        return NOTHING
    in_wilayah = Q(desa_id__in=wilayah_desa_ids(user))
    if user.role == Role.KADER or user.facility.kind != user.facility.Kind.PUSKESMAS:
        return in_wilayah
    from ilp.people.models import MedicalRecord

    has_record_here = Exists(
        MedicalRecord.objects.filter(patient_id=OuterRef("pk"), facility_id=user.facility_id)
    )
    return in_wilayah | Q(has_record_here)


def facility_q(user: User, path: str = "") -> Q:
    """Q over Facility (or a model pointing at one through `path`) for the facilities in scope."""
    prefix = f"{path}__" if path else ""
    if user.role in (Role.ADMIN, Role.PUSAT) and not user.region_id:
        return Q()
    if user.region_id:
        return user.region.subtree_q(f"{prefix}region__code")
    if user.facility_id:
        puskesmas = user.facility.puskesmas
        if user.role == Role.KADER:
            return Q(**{f"{prefix}pk": user.facility_id})
        return Q(**{f"{prefix}pk": puskesmas.pk}) | Q(**{f"{prefix}parent_id": puskesmas.pk})
    return NOTHING


def region_q(user: User, path: str = "desa") -> Q:
    """Q over a model's Region foreign key (`path`) for the areas whose aggregates the user may see."""
    if user.role in (Role.ADMIN, Role.PUSAT) and not user.region_id:
        return Q()
    if user.region_id:
        return user.region.subtree_q(f"{path}__code")
    if user.facility_id:
        return Q(**{f"{path}_id__in": wilayah_desa_ids(user)})
    return NOTHING
