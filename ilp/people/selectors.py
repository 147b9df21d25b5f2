"""Reads on patients and families, always inside the user's scope (ilp.accounts.scope)."""

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from ilp.accounts import scope
from ilp.audit import services as audit

from .models import Family, MedicalRecord, NameToken, Patient, name_tokens

AGGREGATES_ONLY = "Peran Anda hanya melihat data agregat, bukan data pasien."
_DATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _parse_date(text: str) -> dt.date | None:
    if match := _DATE.match(text):
        day, month, year = map(int, match.groups())
    elif match := _ISO_DATE.match(text):
        year, month, day = map(int, match.groups())
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _name_q(words: list[str]) -> Q:
    # Each word is a prefix of some word of the name: a range scan on the token index.
    condition = Q()
    for word in words[:4]:
        tokens = NameToken.objects.filter(token__gte=word, token__lt=word + "\uffff").values("patient_id")
        condition &= Q(pk__in=tokens)
    return condition


def search_q(search: str) -> Q:
    """What a clerk typed, read as NIK or KK (16 digits), BPJS (13), no. RM, a birth date, or a name."""
    text = search.strip()
    if date := _parse_date(text):
        return Q(birth_date=date)
    digits = text.replace(" ", "").replace(".", "")
    if digits.isdigit() and len(digits) == 16:
        # Two indexed lookups (NIK, and the KK's family ids fetched first as literals): a join or a
        # subquery inside the OR makes PostgreSQL scan every patient instead of OR-ing two indexes.
        families = list(Family.objects.filter(kk_number=digits).values_list("id", flat=True)[:10])
        return Q(nik=digits) | Q(family_id__in=families) if families else Q(nik=digits)
    if digits.isdigit() and len(digits) == 13:
        return Q(bpjs_number=digits)
    if digits.isdigit():
        return Q(pk__in=MedicalRecord.objects.filter(number=digits.zfill(6)).values("patient_id"))
    condition = Q()
    words = []
    for part in text.split():
        if date := _parse_date(part):
            condition &= Q(birth_date=date)
        else:
            words.append(part)
    tokens = name_tokens(" ".join(words))
    if tokens:
        condition &= _name_q(tokens)
    return condition


def patient_list(*, user, search: str = "", include_merged: bool = False) -> QuerySet[Patient]:
    """Patients inside the user's wilayah; regional roles get aggregates elsewhere, not rows."""
    patients = Patient.objects.filter(scope.patient_q(user)).select_related("desa", "family")
    if not include_merged:
        patients = patients.filter(merged_into__isnull=True)
    if not search.strip():
        return patients.order_by("name_key", "birth_date")
    # Ordered by the unindexed `name`: the planner narrows by the search first (the NIK index, the name
    # tokens), then sorts the few matches; walking the name index of a million rows was slower on both
    # engines, for identifiers and for names alike (bench/search.py).
    return patients.filter(search_q(search)).order_by("name", "birth_date", "pk")


def patient_get(*, user, pk: int) -> Patient:
    """One patient in scope, audited as a read. Same 404 for 'no such patient' and 'not yours'."""
    if not user.sees_patients:
        # Regional roles are told plainly that they see aggregates; a 404 would suggest a wrong link.
        raise PermissionDenied(AGGREGATES_ONLY)
    patient = get_object_or_404(
        Patient.objects.filter(scope.patient_q(user)).select_related("desa__parent", "family", "mother", "merged_into"),
        pk=pk,
    )
    audit.record_read(actor=user, target=patient)
    return patient


def family_list(*, user, search: str = "") -> QuerySet[Family]:
    """Households in the user's wilayah, with a member count."""
    families = Family.objects.filter(scope.region_q(user, "desa")) if user.sees_patients else Family.objects.none()
    if search.strip():
        digits = search.strip().replace(" ", "")
        if digits.isdigit():
            families = families.filter(kk_number__startswith=digits)
        else:
            # A subquery, not a join: the member count must still count the whole household.
            matching = Patient.objects.filter(_name_q(name_tokens(search))).values("family_id")
            families = families.filter(pk__in=matching)
    return families.select_related("desa").annotate(member_count=Count("members")).order_by("desa__name", "kk_number")


def family_get(*, user, pk: int) -> Family:
    """One household in scope, audited as a read."""
    family = get_object_or_404(family_list(user=user), pk=pk)
    audit.record_read(actor=user, target=family)
    return family


@dataclass(frozen=True)
class DuplicatePair:
    first: Patient
    second: Patient
    similarity: float


def duplicate_candidates(*, user, threshold: float = 0.85, limit: int = 100) -> list[DuplicatePair]:
    """Likely duplicates: same birth date and desa, names alike (SequenceMatcher ≥ threshold)."""
    patients = patient_list(user=user)
    groups = (
        patients.values("birth_date", "desa_id").annotate(n=Count("id")).filter(n__gt=1).order_by("birth_date")[:500]
    )
    pairs = []
    for group in groups:
        members = list(patients.filter(birth_date=group["birth_date"], desa_id=group["desa_id"]))
        for i, first in enumerate(members):
            for second in members[i + 1:]:
                ratio = difflib.SequenceMatcher(None, first.name_key, second.name_key).ratio()
                if ratio >= threshold and not (first.nik and second.nik and first.nik != second.nik):
                    pairs.append(DuplicatePair(first, second, round(ratio, 2)))
                if len(pairs) >= limit:
                    return pairs
    return pairs


def patient_versions(*, patient: Patient):
    """Earlier versions of a patient's identity, newest first (who changed what and why)."""
    from django.contrib.contenttypes.models import ContentType

    from ilp.core.versioning import RecordVersion

    return RecordVersion.objects.filter(
        content_type=ContentType.objects.get_for_model(Patient), object_id=patient.pk
    ).select_related("changed_by")
