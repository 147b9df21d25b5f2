"""Home visits to a family: the PIS-PK family form, its IKS, and a tindak lanjut for every "Tidak"."""

import contextlib
import datetime as dt
import uuid as uuid_lib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.people.models import FamilyRelation
from ilp.visits.services import create_follow_up

from .. import pispk
from ..models import FamilySurvey

ANSWER_MISSING = "Pilih Ya, Tidak atau Tidak berlaku."
ALWAYS_APPLIES = "Indikator ini berlaku untuk semua keluarga: pilih Ya atau Tidak."
NOT_ALLOWED = "Peran Anda tidak mencatat kunjungan rumah."
FUTURE = "Tanggal kunjungan tidak boleh di masa depan."


def _check(answers: dict[str, str]) -> None:
    errors = {}
    for indicator in pispk.INDICATORS:
        answer = answers.get(indicator.code)
        if answer not in (pispk.YA, pispk.TIDAK, pispk.NA):
            errors[indicator.code] = [_(ANSWER_MISSING)]
        elif indicator.always and answer == pispk.NA:
            errors[indicator.code] = [_(ALWAYS_APPLIES)]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_family_survey(*, actor, family, visit_date: dt.date, answers: dict[str, str],
                         client_uuid: uuid_lib.UUID | None = None) -> FamilySurvey:
    """Store the family's 12 answers with its IKS; every 'Tidak' becomes a task for the Pustu of the desa."""
    if not actor.sees_patients:
        raise ValidationError(_(NOT_ALLOWED))
    if visit_date > timezone.localdate():
        raise ValidationError({"visit_date": [_(FUTURE)]})
    if client_uuid and (existing := FamilySurvey.objects.filter(client_uuid=client_uuid).first()):
        return existing  # the same form sent twice from the phone
    _check(answers)
    met, applicable, iks, category = pispk.family_iks(answers)
    survey = FamilySurvey.objects.create(
        family=family, visit_date=visit_date, answers={i.code: answers[i.code] for i in pispk.INDICATORS}, met=met,
        applicable=applicable, iks=iks, category=category, facility=actor.facility, recorded_by=actor,
        recorded_at=timezone.now(), client_uuid=client_uuid)
    audit.record(actor=actor, action="pispk.record", target=survey, detail={"iks": str(iks)})
    members = list(family.members.filter(merged_into__isnull=True))
    head = next((m for m in members if m.family_relation == FamilyRelation.KEPALA), members[0] if members else None)
    for indicator in pispk.INDICATORS:
        if answers[indicator.code] == pispk.TIDAK and head:
            # No Pustu for the desa: the survey still shows the gap.
            with contextlib.suppress(ValidationError):
                create_follow_up(actor=actor, patient=head, reason=indicator.follow_up)
    return survey
