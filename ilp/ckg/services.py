"""CKG writes: register (a normal ILP visit), self-report, the examination, the result and its follow-up."""

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.core.choices import Sex
from ilp.packages import services as packages
from ilp.packages.models import PackageRecord
from ilp.people.models import FamilyRelation, Patient
from ilp.people.selectors import patient_list
from ilp.people.services import register_patient
from ilp.visits.models import Payer, QueueEntry, Visit
from ilp.visits.services import (
    call_entry,
    close_visit,
    finish_entry,
    open_visit,
    register_visit,
    start_service,
)
from ilp.visits.services.referral import create_follow_up

from . import groups, results
from .models import CkgRegistration, Route

ALREADY_THIS_YEAR = "%(name)s sudah ikut CKG tahun %(year)s (tiket %(ticket)s, %(date)s); CKG hanya sekali setahun."
NOT_ALLOWED = "Peran Anda tidak mendaftarkan atau memeriksa CKG."
TICKET_INVALID = "Tautan kuesioner tidak dikenal atau sudah kedaluwarsa; minta tautan baru di Puskesmas."
ALREADY_ANSWERED = "Kuesioner ini sudah diisi; terima kasih."
NOT_EXAMINED = "Isi pemeriksaan CKG dulu sebelum menyimpan hasil."
ALREADY_FINISHED = "CKG ini sudah selesai; hasilnya tidak dapat diubah lagi."
NOTHING_ENTERED = "Isi minimal satu hasil pemeriksaan."
GROUP_CHANGED = ("Kelompok CKG %(registered)s tidak cocok lagi dengan umur pasien (%(now)s), mungkin tanggal lahir dikoreksi; "
                 "batalkan kunjungan ini dan daftarkan ulang.")
MOTHER_UNKNOWN = "Tidak ada ibu dengan NIK %(nik)s di wilayah Puskesmas ini; daftarkan ibunya dulu."
MOTHER_NOT_WOMAN = "NIK %(nik)s milik %(name)s (laki-laki); bayi didaftarkan dengan NIK ibunya."
NEWBORN_NAME = "Bayi Ny. %(mother)s"
SELF_REPORT_HOURS = 12  # the link is for the day of the visit only

# Flags that open a registry follow-up for the Pustu and kader (reason text per registry).
REGISTRY_OF_FLAG = {
    "hipertensi_1": "hipertensi", "hipertensi_2": "hipertensi", "hipertensi_3": "hipertensi", "hipertensi": "hipertensi",
    "gula_dm": "diabetes", "suspek_dm": "diabetes",
    "kolesterol_tinggi": "dislipidemia", "ldl_tinggi": "dislipidemia", "trigliserida_tinggi": "dislipidemia",
    "obesitas_1": "obesitas", "obesitas_2": "obesitas", "obesitas": "obesitas",
}
REGISTRY_PREFIX = "Register CKG"
REGISTRY_REASON = REGISTRY_PREFIX + " %(registry)s: pantau pengobatan dan kontrol (hasil CKG %(date)s)"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _require_staff(actor) -> None:
    if not actor.sees_patients or actor.role == "kader":
        raise ValidationError(_(NOT_ALLOWED))


def _serve(*, actor, entry: QueueEntry) -> QueueEntry:
    return start_service(actor=actor, entry=call_entry(actor=actor, entry=entry))


def check_not_this_year(*, patient, year: int) -> None:
    previous = CkgRegistration.objects.filter(patient=patient, year=year).first()
    if previous:
        raise ValidationError(_(ALREADY_THIS_YEAR) % {"name": patient.name, "year": year, "ticket": previous.ticket,
                                                     "date": f"{previous.registered_at:%d-%m-%Y}"})


@transaction.atomic
def register_ckg(*, actor, patient, payer: str = Payer.CKG, school: bool = False) -> tuple[CkgRegistration, str]:
    """Register a CKG for today: the juknis group by age, one per calendar year, in a new ILP visit.

    Returns the registration and the self-report token (shown once, as a QR code; only its hash is kept)."""
    _require_staff(actor)
    today = timezone.localdate()
    group = groups.group_for(birth_date=patient.birth_date, on=today, school=school)
    if group is None:
        raise ValidationError(_(groups.not_eligible_reason(birth_date=patient.birth_date, on=today)))
    check_not_this_year(patient=patient, year=today.year)
    visit = open_visit(actor=actor, facility=actor.facility.puskesmas)
    # The CKG visit walks the ILP flow: Pandu PTM hands over to the loket, which registers and routes it.
    entry = _serve(actor=actor, entry=visit.entries.get(station__code="pandu_ptm"))
    entry = _serve(actor=actor, entry=finish_entry(actor=actor, entry=entry, send_to="pendaftaran"))
    register_visit(actor=actor, entry=entry, patient=patient, payer=payer)
    token = secrets.token_urlsafe(24)
    now = timezone.now()
    try:
        with transaction.atomic():
            registration = CkgRegistration.objects.create(
                patient=patient, facility=visit.facility, visit=visit, year=today.year, group=group,
                route=Route.SEKOLAH if school else Route.ULANG_TAHUN,
                ticket=f"CKG-{visit.number}-{secrets.token_hex(2).upper()}", registered_at=now, registered_by=actor,
                self_token_hash=_hash(token), self_expires_at=now + dt.timedelta(hours=SELF_REPORT_HOURS))
    except IntegrityError:
        check_not_this_year(patient=patient, year=today.year)  # another desk registered the same person just now
        raise
    audit.record(actor=actor, action="ckg.register", target=registration, detail={"group": group})
    return registration, token


def mother_by_nik(*, actor, nik: str) -> Patient:
    """The mother a newborn is registered under: a woman in the actor's wilayah with this NIK."""
    nik = (nik or "").strip()
    mother = patient_list(user=actor).filter(nik=nik).first() if nik else None
    if mother is None:
        raise ValidationError({"mother_nik": [_(MOTHER_UNKNOWN) % {"nik": nik or "—"}]})
    if mother.sex != Sex.FEMALE:
        raise ValidationError({"mother_nik": [_(MOTHER_NOT_WOMAN) % {"nik": nik, "name": mother.name}]})
    return mother


@transaction.atomic
def register_newborn_ckg(*, actor, mother_nik: str, sex: str, birth_date: dt.date,
                         payer: str = Payer.CKG) -> tuple[CkgRegistration, str]:
    """A newborn without NIK at the CKG desk: registered as "Bayi Ny. <ibu>" in the mother's family, then the CKG.

    One transaction: a baby not eligible for CKG today (e.g. older than 28 days) is not left registered."""
    _require_staff(actor)
    mother = mother_by_nik(actor=actor, nik=mother_nik)
    relation = ""
    if mother.family_id:
        relation = FamilyRelation.CUCU if mother.family_relation in (FamilyRelation.ANAK, FamilyRelation.MENANTU) \
            else FamilyRelation.ANAK
    baby = register_patient(actor=actor, name=_(NEWBORN_NAME) % {"mother": mother.name}, birth_date=birth_date, sex=sex,
                            desa=mother.desa, family=mother.family, family_relation=relation, mother=mother,
                            address=mother.address)
    return register_ckg(actor=actor, patient=baby, payer=payer)


KHUSUS_PACKAGES = {"anc": "kunjungan ANC", "balita": "penimbangan balita"}  # KIA services that may count as the CKG
KHUSUS_NOT_KIA = "Hanya kunjungan ANC ibu hamil atau penimbangan balita yang dapat dijadikan PKG Khusus."
KHUSUS_VOID = "Catatan ini sudah dibatalkan (salah input); pilih catatan yang berlaku."


@transaction.atomic
def register_khusus(*, actor, record: PackageRecord) -> CkgRegistration:
    """PKG Khusus: an ANC contact or a balita weighing already recorded counts as the person's CKG of that year.

    Nothing is entered again: the registration points at the KIA record (and its visit, if it had one)."""
    _require_staff(actor)
    if record.package_id not in KHUSUS_PACKAGES:
        raise ValidationError(_(KHUSUS_NOT_KIA))
    if record.status != PackageRecord.Status.FINAL:
        raise ValidationError(_(KHUSUS_VOID))
    patient, on = record.patient, record.service_date
    # A pregnant girl of 7–17 counts in the school-age group; everyone else by the birthday groups.
    group = (groups.group_for(birth_date=patient.birth_date, on=on)
             or groups.group_for(birth_date=patient.birth_date, on=on, school=True))
    if group is None:
        raise ValidationError(_(groups.not_eligible_reason(birth_date=patient.birth_date, on=on)))
    check_not_this_year(patient=patient, year=on.year)
    visit = record.visit if record.visit_id and not CkgRegistration.objects.filter(visit=record.visit).exists() else None
    now = timezone.now()
    done_at = now if on == timezone.localdate() else timezone.make_aware(dt.datetime.combine(on, dt.time(12)))
    try:
        with transaction.atomic():
            registration = CkgRegistration.objects.create(
                patient=patient, facility=actor.facility.puskesmas, visit=visit, year=on.year, group=group,
                route=Route.KHUSUS, source_record=record, ticket=f"CKG-K{record.pk}-{secrets.token_hex(2).upper()}",
                registered_at=done_at,
                registered_by=actor, status=CkgRegistration.Status.FINISHED, finished_at=done_at,
                self_token_hash=_hash(secrets.token_urlsafe(24)), self_expires_at=now)  # no self-report link
    except IntegrityError:
        check_not_this_year(patient=patient, year=on.year)
        raise
    audit.record(actor=actor, action="ckg.register_khusus", target=registration,
                 detail={"group": group, "record": record.pk, "package": record.package_id})
    return registration


@transaction.atomic
def renew_self_report_token(*, actor, registration: CkgRegistration) -> str:
    """A new link (the old one stops working), e.g. when the QR code was lost."""
    _require_staff(actor)
    token = secrets.token_urlsafe(24)
    registration.self_token_hash = _hash(token)
    registration.self_expires_at = timezone.now() + dt.timedelta(hours=SELF_REPORT_HOURS)
    registration.save(update_fields=["self_token_hash", "self_expires_at"])
    audit.record(actor=actor, action="ckg.self_report_link", target=registration)
    return token


def registration_for_token(token: str) -> CkgRegistration:
    """The registration a self-report link belongs to; unknown or expired links are refused."""
    registration = CkgRegistration.objects.select_related("patient").filter(self_token_hash=_hash(token or "")).first()
    if (registration is None or registration.self_expires_at <= timezone.now()
            or registration.status == CkgRegistration.Status.FINISHED):
        raise ValidationError(_(TICKET_INVALID))
    return registration


@transaction.atomic
def submit_self_report(*, token: str, answers: dict) -> CkgRegistration:
    """Store the person's own answers (package id -> field -> value); the link is spent once used."""
    registration = registration_for_token(token)
    registration = CkgRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.self_submitted_at:
        raise ValidationError(_(ALREADY_ANSWERED))
    registration.self_answers = answers
    registration.self_submitted_at = timezone.now()
    registration.self_expires_at = registration.self_submitted_at  # one-time
    registration.save(update_fields=["self_answers", "self_submitted_at", "self_expires_at"])
    audit.record(actor=None, action="ckg.self_report", target=registration)
    return registration


def _has_values(values: dict) -> bool:
    return any(v not in (None, "") for v in values.values())


@transaction.atomic
def record_examination(*, actor, registration: CkgRegistration, values: dict[str, dict],
                       confirmed: bool = False) -> list[PackageRecord]:
    """Record every section with values as its own package (so ILP indicators count it), all or nothing.

    Raises ValidationError with errors keyed `package-field`, or NeedsConfirmation with every section's warnings."""
    _require_staff(actor)
    if registration.status == CkgRegistration.Status.FINISHED:
        raise ValidationError(_(ALREADY_FINISHED))
    today = timezone.localdate()
    current = groups.group_for(birth_date=registration.patient.birth_date, on=today,
                               school=registration.group == groups.Group.SEKOLAH)
    if current != registration.group:
        # The packages follow the group; a birth date corrected after registration must not pick the wrong form.
        raise ValidationError(_(GROUP_CHANGED) % {"registered": registration.get_group_display(),
                                                  "now": current or _("di luar kelompok CKG")})
    sections = groups.sections(group=registration.group, patient=registration.patient, on=today)
    filled = [s for s in sections if _has_values(values.get(s.package.id, {}))]
    if not filled:
        raise ValidationError(_(NOTHING_ENTERED))
    errors, warnings, saved = {}, [], []
    for section in filled:
        try:
            with transaction.atomic():
                saved.append(packages.record_package(actor=actor, patient=registration.patient, package_id=section.package.id,
                                                     values=values[section.package.id], visit=registration.visit,
                                                     confirmed=confirmed))
        except packages.NeedsConfirmation as error:
            warnings += [f"{section.package.name}: {w}" for w in error.warnings]
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors[f"{section.package.id}-{key}" if key != "__all__" else "__all__"] = messages
    if errors:
        raise ValidationError(errors)
    if warnings:
        raise packages.NeedsConfirmation(warnings)
    # Re-examining replaces the earlier records of this CKG (kept, marked entered-in-error).
    for old in PackageRecord.objects.filter(visit=registration.visit, status=PackageRecord.Status.FINAL).exclude(
            pk__in=[r.pk for r in saved]).filter(package_id__in=[s.package.id for s in filled]):
        packages.void_record(actor=actor, record=old, reason=_("diganti pemeriksaan CKG ulang"))
    registration.status = CkgRegistration.Status.EXAMINED
    registration.save(update_fields=["status"])
    audit.record(actor=actor, action="ckg.examine", target=registration, detail={"packages": [r.package_id for r in saved]})
    return saved


def examination_records(registration: CkgRegistration) -> list[PackageRecord]:
    if registration.route == Route.KHUSUS:  # the KIA record it reuses (its visit may hold other services' records)
        return [registration.source_record]
    return list(PackageRecord.objects.filter(visit=registration.visit, status=PackageRecord.Status.FINAL)
                .order_by("recorded_at"))


@transaction.atomic
def finish_ckg(*, actor, registration: CkgRegistration) -> CkgRegistration:
    """Compute the result class, open the follow-up registries (and the TB presumptive), end the visit."""
    _require_staff(actor)
    registration = CkgRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.status == CkgRegistration.Status.FINISHED:
        raise ValidationError(_(ALREADY_FINISHED))
    records = examination_records(registration)
    if not records:
        raise ValidationError(_(NOT_EXAMINED))
    flags = [flag for record in records for flag in record.flags]
    registration.result_class, registration.result_reasons = results.classify(flags)
    registration.status, registration.finished_at = CkgRegistration.Status.FINISHED, timezone.now()
    registration.save(update_fields=["result_class", "result_reasons", "status", "finished_at"])
    _open_registries(actor=actor, registration=registration, records=records)
    visit = registration.visit
    if visit.status == Visit.Status.OPEN:
        close_visit(actor=actor, visit=visit)  # SATUSEHAT: the visit's resources go through the outbox
    audit.record(actor=actor, action="ckg.finish", target=registration, detail={"class": registration.result_class})
    transaction.on_commit(lambda: send_result_message(registration))
    return registration


def _open_registries(*, actor, registration: CkgRegistration, records: list[PackageRecord]) -> None:
    from ilp.tb.services.cases import register_presumptive

    codes = {flag["code"] for record in records for flag in record.flags}
    for registry in sorted({REGISTRY_OF_FLAG[c] for c in codes if c in REGISTRY_OF_FLAG}):
        try:
            with transaction.atomic():
                create_follow_up(actor=actor, patient=registration.patient, visit=registration.visit,
                                 reason=_(REGISTRY_REASON) % {"registry": registry, "date": f"{timezone.localdate():%d-%m-%Y}"})
        except ValidationError:
            pass  # no Pustu for this desa: the result letter and the CKG list still show it
    screening = next((r for r in records if r.package_id == "tbc_skrining"
                      and any(f["code"] == "terduga_tbc" for f in r.flags)), None)
    if screening or "terduga_tbc" in codes:
        try:
            with transaction.atomic():
                register_presumptive(actor=actor, patient=registration.patient, presumptive_on=timezone.localdate(),
                                     source="skrining", screening=screening)
        except ValidationError:
            pass  # already an open TB case (Klaster 4 follows it) or the role does not register TB


def send_result_message(registration: CkgRegistration) -> bool:
    """The result in a short WhatsApp text when the person has a phone; the printed letter is the record."""
    from ilp.outreach.whatsapp import send_text

    phone = "".join(ch for ch in registration.patient.phone if ch.isdigit())
    if not phone:
        return False
    if phone.startswith("0"):
        phone = "62" + phone[1:]
    body = _("Hasil Cek Kesehatan Gratis %(name)s (%(date)s): %(result)s. Surat hasil dapat diambil di Puskesmas.") % {
        "name": registration.patient.name, "date": f"{registration.finished_at:%d-%m-%Y}",
        "result": registration.get_result_class_display()}
    return send_text(to=phone, body=body)
