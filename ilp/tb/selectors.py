"""Reads on the TB register, always through the user's patient scope (ilp.accounts.scope)."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from ilp.accounts import scope
from ilp.audit import services as audit
from ilp.packages.models import PackageRecord

from .models import TbCase, TbContact

CONTACT_TARGET = 20  # contacts listed and screened per index case (KMK; DOMAIN.md §5)


def case_list(*, user, stage: str = "") -> QuerySet[TbCase]:
    """Cases of patients the user may see by name, newest first, with how many contacts were screened."""
    cases = TbCase.objects.filter(patient__in=_patients(user)).select_related("patient__desa")
    if stage:
        cases = cases.filter(stage=stage)
    return cases.annotate(contacts_screened=Count("contacts", filter=Q(contacts__screened_on__isnull=False))).order_by(
        "-presumptive_on", "-id")


def case_get(*, user, pk: int) -> TbCase:
    """One case in scope, audited as a read; the same 404 for 'no such case' and 'not yours'."""
    case = get_object_or_404(case_list(user=user).select_related("patient__desa__parent", "diagnosed_by", "facility"), pk=pk)
    audit.record_read(actor=user, target=case)
    return case


def case_tests(*, case: TbCase):
    """The tests of a case already read through `case_get`."""
    return case.tests.select_related("ordered_by", "result_by")


def case_contacts(*, case: TbCase) -> QuerySet[TbContact]:
    """The contacts of an index case already read through `case_get`."""
    return case.contacts.select_related("patient__desa", "presumptive_case", "decided_by")


@dataclass(frozen=True)
class ContactProgress:
    """Where an investigation stands against the ≥ 20 contacts target."""

    listed: int
    screened: int
    eligible: int
    tpt_started: int
    target: int = CONTACT_TARGET

    @property
    def reached(self) -> bool:
        return self.screened >= self.target


def contact_progress(*, case: TbCase) -> ContactProgress:
    counts = case.contacts.aggregate(
        listed=Count("id"), screened=Count("id", filter=Q(screened_on__isnull=False)),
        eligible=Count("id", filter=Q(decision=TbContact.Decision.TPT)), tpt=Count("id", filter=Q(tpt_started_on__isnull=False)))
    return ContactProgress(counts["listed"], counts["screened"], counts["eligible"], counts["tpt"])


def contact_get(*, user, pk: int) -> TbContact:
    """A contact whose index case the user may see (the contact may live in another desa)."""
    contact = get_object_or_404(
        TbContact.objects.filter(index_case__patient__in=_patients(user))
        .select_related("patient__desa", "index_case__patient", "presumptive_case", "decided_by"), pk=pk)
    audit.record_read(actor=user, target=contact)
    return contact


def presumptive_worklist(*, user, limit: int = 50) -> QuerySet[PackageRecord]:
    """TB screenings that flagged a terduga whose patient has no open case and no case from that day on."""
    registered = TbCase.objects.filter(Q(presumptive_on__gte=OuterRef("service_date"))
                                       | ~Q(stage__in=[TbCase.Stage.BUKAN_TBC, TbCase.Stage.SELESAI]), patient=OuterRef("patient"))
    # Flags as text: JSON containment is PostgreSQL-only, and the quoted code cannot match another code.
    records = PackageRecord.objects.filter(package_id="tbc_skrining", status=PackageRecord.Status.FINAL,
                                           patient__in=_patients(user), flags__icontains='"terduga_tbc"')
    return records.filter(~Exists(registered)).select_related("patient__desa").order_by("-service_date")[:limit]


def _patients(user):
    from ilp.people.models import Patient

    return Patient.objects.filter(scope.patient_q(user)).values("pk")


def desa_choices(*, user):
    """The desa a new contact may be registered in: the user's wilayah kerja."""
    from ilp.regions.models import Region

    return Region.objects.filter(pk__in=scope.wilayah_desa_ids(user)).order_by("name")
