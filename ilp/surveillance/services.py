"""Writes on surveillance: a case (from a diagnosis or by hand), the alert its week may raise, and the
response to an alert (verification, penyelidikan epidemiologi, conclusion)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.accounts import scope
from ilp.accounts.models import Role
from ilp.audit import services as audit

from .diseases import INCREASE, disease_for_icd10, diseases, week_label, week_start
from .models import Alert, Case

RECORDERS = frozenset({Role.DOKTER, Role.BIDAN, Role.PERAWAT, Role.KEPALA_PUSKESMAS})
RESPONDERS = RECORDERS | {Role.DINKES_KABKOTA, Role.DINKES_PROVINSI}

NOT_ALLOWED = "Peran Anda tidak mencatat kasus surveilans."
NOT_A_RESPONDER = "Peran Anda tidak menindaklanjuti sinyal kewaspadaan."
UNKNOWN_DISEASE = "Penyakit %(code)s tidak ada dalam daftar SKDR; pilih dari daftar."
IN_FUTURE = "Tanggal tidak boleh di masa depan."
BEFORE_BIRTH = "Tanggal tidak boleh sebelum tanggal lahir pasien."
COUNT_POSITIVE = "Jumlah kasus minimal 1."
DEATHS_RANGE = "Jumlah meninggal tidak boleh negatif atau melebihi jumlah kasus."
ONE_PER_PATIENT = "Kasus dengan nama pasien dihitung satu; jumlah lebih dari 1 dicatat tanpa nama pasien."
DESA_OUTSIDE = "Desa ini di luar wilayah kerja Anda."
PATIENT_DESA = "Kasus bernama dicatat pada desa tempat tinggal pasien (%(desa)s)."
ALERT_CLOSED = "Sinyal ini sudah selesai ditindaklanjuti."
ALREADY_VERIFIED = "Sinyal ini sudah diverifikasi."
BEFORE_WEEK = "Tanggal tidak boleh sebelum minggu sinyal (%(date)s)."
BEFORE_INVESTIGATION = "Tanggal selesai tidak boleh sebelum penyelidikan dimulai (%(date)s)."
NOTE_REQUIRED = "Tuliskan temuan penyelidikan epidemiologi."
CONCLUSION_REQUIRED = "Pilih kesimpulan: KLB atau bukan KLB."
REJUDGED = ("Ditutup otomatis: kasus susulan minggu %(week)s menaikkan ambang menjadi %(threshold)s, "
            "jumlah minggu ini tidak lagi mencapainya.")


def _check_day(field: str, day: dt.date, *, earliest: dt.date | None = None, message: str = BEFORE_WEEK) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: [_(IN_FUTURE)]})
    if earliest and day < earliest:
        raise ValidationError({field: [_(message) % {"date": f"{earliest:%d-%m-%Y}"}]})


@transaction.atomic
def record_case(*, actor, disease: str, desa, reported_on: dt.date, count: int = 1, deaths: int = 0, patient=None,
                note: str = "") -> Case:
    """A case entered by hand: a named patient of the user's wilayah, or a count reported without names."""
    if actor.role not in RECORDERS or not actor.sees_patients:
        raise ValidationError(_(NOT_ALLOWED))
    if disease not in diseases():
        raise ValidationError({"disease": [_(UNKNOWN_DISEASE) % {"code": disease or "-"}]})
    _check_day("reported_on", reported_on)
    if count < 1:
        raise ValidationError({"count": [_(COUNT_POSITIVE)]})
    if not 0 <= deaths <= count:
        raise ValidationError({"deaths": [_(DEATHS_RANGE)]})
    if desa.pk not in scope.wilayah_desa_ids(actor):
        raise ValidationError({"desa": [_(DESA_OUTSIDE)]})
    if patient is not None:
        if count != 1:
            raise ValidationError({"count": [_(ONE_PER_PATIENT)]})
        if reported_on < patient.birth_date:
            raise ValidationError({"reported_on": [_(BEFORE_BIRTH)]})
        if patient.desa_id != desa.pk:
            raise ValidationError({"desa": [_(PATIENT_DESA) % {"desa": patient.desa.name}]})
    case = Case.objects.create(facility=actor.facility.puskesmas, desa=desa, disease=disease, reported_on=reported_on,
                               count=count, deaths=deaths, patient=patient, source=Case.Source.MANUAL, note=note.strip(),
                               recorded_at=timezone.now(), recorder=actor)
    audit.record(actor=actor, action="surveillance.case.create", target=case, detail={"disease": disease, "count": count})
    evaluate_week(actor=actor, facility=case.facility, desa=desa, disease=disease, day=reported_on)
    return case


@transaction.atomic
def record_case_from_diagnosis(*, condition) -> Case | None:
    """A new-case diagnosis whose ICD-10 code is an SKDR disease becomes a case of the patient's desa, once."""
    disease = disease_for_icd10(condition.code)
    if (disease is None or condition.case != "baru" or condition.status != "final"
            or Case.objects.filter(condition=condition).exists()):
        return None
    patient = condition.patient
    case = Case.objects.create(facility=condition.facility.puskesmas, desa_id=patient.desa_id, disease=disease.code,
                               reported_on=condition.recorded_date, patient=patient, condition=condition,
                               source=Case.Source.DIAGNOSIS, recorded_at=timezone.now(), recorder=condition.recorder)
    audit.record(actor=condition.recorder, action="surveillance.case.create", target=case,
                 detail={"disease": disease.code, "icd10": condition.code})
    evaluate_week(actor=condition.recorder, facility=case.facility, desa=patient.desa, disease=disease.code,
                  day=condition.recorded_date)
    return case


def _weekly_total(*, desa, disease: str, monday: dt.date) -> int:
    cases = Case.objects.filter(desa=desa, disease=disease, reported_on__gte=monday,
                                reported_on__lte=monday + dt.timedelta(days=6))
    return cases.aggregate(n=Sum("count"))["n"] or 0


@transaction.atomic
def evaluate_week(*, actor, facility, desa, disease: str, day: dt.date) -> Alert | None:
    """Raise the alert of the desa, disease and ISO week of `day` if its count crossed the threshold; an
    existing alert only follows the count (never a second row). Then re-judge the alerts of the following
    weeks whose baseline holds this week (docs/decisions/0028)."""
    alert = _judge_week(actor=actor, facility=facility, desa=desa, disease=disease, day=day)
    _rejudge_following(actor=actor, desa=desa, disease=disease, monday=week_start(day))
    return alert


def _baseline(*, desa, disease: str, monday: dt.date) -> list[int]:
    rule = diseases()[disease].rule
    weeks = rule.baseline_weeks if rule.kind == INCREASE else 0
    return [_weekly_total(desa=desa, disease=disease, monday=monday - dt.timedelta(weeks=n)) for n in range(weeks, 0, -1)]


def _rejudge_following(*, actor, desa, disease: str, monday: dt.date) -> None:
    """A case of `monday`'s week is in the baseline of the next `baseline_weeks` weeks: their alerts get the new
    baseline and threshold; one still new (nobody verified it) that no longer crosses is closed as not a KLB,
    with the reason; one already verified or under investigation stays open (people are acting on it)."""
    rule = diseases()[disease].rule
    if rule.kind != INCREASE:
        return
    following = [monday + dt.timedelta(weeks=n) for n in range(1, rule.baseline_weeks + 1)]
    alerts = Alert.objects.select_for_update().filter(desa=desa, disease=disease, week_start__in=following,
                                                      status__in=[Alert.Status.NEW, Alert.Status.VERIFIED,
                                                                  Alert.Status.INVESTIGATING])
    for alert in alerts:
        previous = _baseline(desa=desa, disease=disease, monday=alert.week_start)
        if previous == alert.baseline:
            continue
        alert.baseline, alert.threshold = previous, rule.threshold(previous)
        fields = ["baseline", "threshold"]
        crossed = rule.crossed(alert.count, previous)
        if not crossed and alert.status == Alert.Status.NEW:
            alert.status, alert.conclusion = Alert.Status.CLOSED, Alert.Conclusion.NOT_KLB
            alert.closed_on, alert.closed_by = timezone.localdate(), actor
            alert.verification_note = _(REJUDGED) % {"week": week_label(monday), "threshold": alert.threshold}
            fields += ["status", "conclusion", "closed_on", "closed_by", "verification_note"]
        alert.save(update_fields=fields)
        audit.record(actor=actor, action="surveillance.alert.rejudge", target=alert,
                     detail={"baseline": previous, "threshold": str(alert.threshold), "crossed": crossed,
                             "status": alert.status, "late_week": str(monday)})


def _judge_week(*, actor, facility, desa, disease: str, day: dt.date) -> Alert | None:
    rule, monday = diseases()[disease].rule, week_start(day)
    count = _weekly_total(desa=desa, disease=disease, monday=monday)
    previous = _baseline(desa=desa, disease=disease, monday=monday)
    alert = Alert.objects.select_for_update().filter(desa=desa, disease=disease, week_start=monday).first()
    if alert is not None:
        if alert.count != count:
            alert.count = count
            alert.save(update_fields=["count"])
        return alert
    if not rule.crossed(count, previous):
        return None
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                facility=facility, desa=desa, disease=disease, week_start=monday, count=count,
                threshold=rule.threshold(previous), baseline=previous, rule_version=1, created_at=timezone.now())
    except IntegrityError:
        # Another case of the same week raised it at the same moment: that row is the alert.
        return Alert.objects.get(desa=desa, disease=disease, week_start=monday)
    audit.record(actor=actor, action="surveillance.alert.create", target=alert,
                 detail={"disease": disease, "count": count, "week": str(monday)})
    return alert


def _require_responder(actor, alert: Alert) -> None:
    if actor.role not in RESPONDERS:
        raise ValidationError(_(NOT_A_RESPONDER))
    if not alert.is_open:
        raise ValidationError(_(ALERT_CLOSED))


@transaction.atomic
def verify_alert(*, actor, alert: Alert, note: str = "") -> Alert:
    """The Puskesmas or the Dinkes confirms the signal is real (DOMAIN.md §5: Dinkes verifies within 24 h)."""
    _require_responder(actor, alert)
    if alert.status != Alert.Status.NEW:
        raise ValidationError(_(ALREADY_VERIFIED))
    alert.status, alert.verified_at, alert.verified_by = Alert.Status.VERIFIED, timezone.now(), actor
    alert.verification_note = note.strip()
    alert.save()
    audit.record(actor=actor, action="surveillance.alert.verify", target=alert)
    return alert


@transaction.atomic
def start_investigation(*, actor, alert: Alert, started_on: dt.date, note: str) -> Alert:
    """Penyelidikan epidemiologi (PE) started: when, by whom, what was found so far."""
    _require_responder(actor, alert)
    _check_day("started_on", started_on, earliest=alert.week_start)
    if not note.strip():
        raise ValidationError({"note": [_(NOTE_REQUIRED)]})
    if alert.status == Alert.Status.NEW:
        alert.verified_at, alert.verified_by = timezone.now(), actor  # investigating a signal verifies it
    alert.status, alert.investigation_on, alert.investigated_by = Alert.Status.INVESTIGATING, started_on, actor
    alert.investigation_note = note.strip()
    alert.save()
    audit.record(actor=actor, action="surveillance.alert.investigate", target=alert)
    return alert


@transaction.atomic
def close_alert(*, actor, alert: Alert, closed_on: dt.date, conclusion: str) -> Alert:
    """The response ends: a KLB (handled further under the KLB procedure) or not a KLB."""
    _require_responder(actor, alert)
    if conclusion not in Alert.Conclusion.values:
        raise ValidationError({"conclusion": [_(CONCLUSION_REQUIRED)]})
    if alert.investigation_on:
        _check_day("closed_on", closed_on, earliest=alert.investigation_on, message=BEFORE_INVESTIGATION)
    else:
        _check_day("closed_on", closed_on, earliest=alert.week_start)
    alert.status, alert.closed_on, alert.closed_by, alert.conclusion = Alert.Status.CLOSED, closed_on, actor, conclusion
    alert.save()
    audit.record(actor=actor, action="surveillance.alert.close", target=alert, detail={"conclusion": conclusion})
    return alert
