"""Internal referrals (to Klaster 4 or a lintas-klaster unit, and back), external referrals, tindak lanjut."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.core.sequences import next_value
from ilp.facilities.models import Facility

from ..models import FollowUp, QueueEntry, Referral, Visit
from ..routing import routing
from .queue import NOT_IN_SERVICE, _claim, _event, _new_event, ensure_stations, queue_at

REASON_REQUIRED = "Tuliskan alasan rujukan."
REFER_FROM_CLINIC = "Rujukan internal dibuat dari ruang klaster, UGD atau unit lintas klaster."
NOT_A_REFERRAL_TARGET = "%(target)s tidak menerima rujukan internal."
SAME_STATION = "Pasien sudah berada di %(station)s."
NOT_A_HOSPITAL = "Pilih rumah sakit (FKRTL) tujuan rujukan."
NOT_REGISTERED = "Pasien belum terdaftar; rujukan dibuat setelah pendaftaran."
NO_PUSTU = "Desa %(desa)s belum punya Pustu di sistem; hubungi bidan desa secara langsung."
FOLLOW_UP_DONE = "Tindak lanjut ini sudah ditandai selesai."


def _require_reason(reason: str) -> str:
    if not (reason or "").strip():
        raise ValidationError({"reason": [_(REASON_REQUIRED)]})
    return reason.strip()


@transaction.atomic
def refer_internally(*, actor, entry: QueueEntry, to_code: str, reason: str, return_requested: bool = True) -> Referral:
    """Send the patient from a klaster room to another klaster or unit (SOP j); back again when asked (k)."""
    reason = _require_reason(reason)
    here = routing().stations[entry.station.code]
    if not (here.clinical or here.internal_referral or here.code == "ugd"):
        # SOP step j: the klaster room refers; Pandu PTM, loket and kasir send patients on, not away.
        raise ValidationError(_(REFER_FROM_CLINIC))
    targets = {s.code for s in routing().referral_targets}
    if to_code not in targets:
        raise ValidationError(_(NOT_A_REFERRAL_TARGET) % {"target": to_code})
    if to_code == entry.station.code:
        raise ValidationError(_(SAME_STATION) % {"station": entry.station.name})
    if entry.status != QueueEntry.Status.IN_SERVICE:
        raise ValidationError(_(NOT_IN_SERVICE) % {"number": entry.visit.number})
    visit = entry.visit
    stations = ensure_stations(facility=visit.facility)
    referral = Referral.objects.create(
        visit=visit, kind=Referral.Kind.INTERNAL, from_station=entry.station, to_station=stations[to_code],
        reason=reason, return_requested=return_requested, created_at=timezone.now(), created_by=actor)
    _claim(entry, from_status=QueueEntry.Status.IN_SERVICE, to_status=QueueEntry.Status.DONE, message=NOT_IN_SERVICE,
           finished_at=timezone.now())
    referred = _new_event(visit, "referred_internal", actor=actor, station=entry.station.code, to=to_code, reason=reason)
    audit.record(actor=actor, action="referral.internal", target=visit, detail={"to": to_code})
    queue_at(visit=visit, code=to_code, actor=actor, referral=referral, note=reason, events=(referred,))
    return referral


def _letter_number(visit: Visit) -> str:
    year = timezone.localdate().year
    count = next_value(f"rujukan:{visit.facility_id}:{year}")
    return f"{count:04d}/RUJ/{visit.facility.code}/{timezone.localdate():%m/%Y}"


@transaction.atomic
def refer_externally(*, actor, entry: QueueEntry, hospital: Facility, reason: str, diagnosis: str = "") -> Referral:
    """Refer to a hospital (FKRTL) for specialist care (SOP l); prints as a referral letter."""
    reason = _require_reason(reason)
    if hospital.kind != Facility.Kind.FKRTL:
        raise ValidationError({"hospital": [_(NOT_A_HOSPITAL)]})
    visit = entry.visit
    if not visit.patient_id:
        raise ValidationError(_(NOT_REGISTERED))
    referral = Referral.objects.create(
        visit=visit, kind=Referral.Kind.EXTERNAL, from_station=entry.station, to_facility=hospital, reason=reason,
        diagnosis=diagnosis, return_requested=False, letter_number=_letter_number(visit), created_at=timezone.now(),
        created_by=actor)
    _event(visit, "referred_external", actor=actor, station=entry.station.code, to=hospital.code)
    audit.record(actor=actor, action="referral.external", target=visit, detail={"to": hospital.code})
    return referral


def pustu_for(patient) -> Facility | None:
    """The Pustu serving the patient's desa."""
    return Facility.objects.filter(kind=Facility.Kind.PUSTU, wilayah=patient.desa_id).order_by("code").first()


@transaction.atomic
def notify_pustu(*, actor, visit: Visit, reason: str) -> FollowUp:
    """Tindak lanjut in the patient's desa: a notification to its Pustu (SOP o)."""
    if not visit.patient_id:
        raise ValidationError(_(NOT_REGISTERED))
    follow_up = create_follow_up(actor=actor, patient=visit.patient, visit=visit, reason=reason)
    _event(visit, "follow_up_sent", actor=actor, pustu=follow_up.pustu.code)
    return follow_up


@transaction.atomic
def create_follow_up(*, actor, patient, reason: str, visit: Visit | None = None) -> FollowUp:
    """A follow-up task for the Pustu of the patient's desa (from a visit, a package rule or a home visit)."""
    reason = _require_reason(reason)
    pustu = pustu_for(patient)
    if not pustu:
        raise ValidationError(_(NO_PUSTU) % {"desa": patient.desa.name})
    follow_up = FollowUp.objects.create(patient=patient, visit=visit, pustu=pustu, reason=reason,
                                        created_at=timezone.now(), created_by=actor)
    audit.record(actor=actor, action="followup.create", target=follow_up)
    return follow_up


@transaction.atomic
def complete_follow_up(*, actor, follow_up: FollowUp, note: str = "") -> FollowUp:
    changed = FollowUp.objects.filter(pk=follow_up.pk, status=FollowUp.Status.OPEN).update(
        status=FollowUp.Status.DONE, done_at=timezone.now(), done_by=actor, done_note=note[:500])
    if not changed:
        raise ValidationError(_(FOLLOW_UP_DONE))
    follow_up.refresh_from_db()
    audit.record(actor=actor, action="followup.done", target=follow_up)
    return follow_up
