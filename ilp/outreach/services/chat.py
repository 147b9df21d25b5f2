"""The kader's WhatsApp channel: a menu in Bahasa Indonesia that records into the same balita package.

State lives in ChatSession (database), so a restart or a second worker continues the conversation.
Each incoming WhatsApp message id is handled once (the platform retries webhooks). Replies are
stored and sent after commit, so nothing leaves the process for a change that was rolled back.
"""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from ilp.audit import services as audit
from ilp.facilities.models import Facility
from ilp.packages.models import PackageRecord
from ilp.packages.services import NeedsConfirmation, record_package, void_record

from .. import selectors, whatsapp
from ..models import Attendance, ChatMessage, ChatSession, WhatsAppContact
from .session import attend_for_upload

MENU = ("Menu kader {posyandu}:\n1. Timbang balita\n2. Balita belum ditimbang bulan ini\n3. Batalkan catatan terakhir\n"
        "Balas dengan angka. Ketik 0 kapan saja untuk kembali ke menu.")
UNDO_REASON = "Dibatalkan kader lewat WhatsApp (menu 3)."
UNKNOWN_NUMBER = "Nomor ini belum terdaftar sebagai kader. Hubungi bidan desa untuk mendaftarkan nomor WhatsApp Anda."
NOT_UNDERSTOOD = "Maaf, pilihan tidak dikenal."
CHOOSE_CHILD = "Balita mana yang ditimbang? Balas nomornya, atau ketik nama balita:\n{lines}"
NO_CHILD_FOUND = "Tidak ada balita bernama \"{text}\" di wilayah Posyandu. Ketik nama lain, atau 0 untuk menu."
ASK_WEIGHT = "Berat badan {name} ({age}) dalam kg? Contoh: 9,5"
NOT_A_NUMBER = "Tulis berat badan dengan angka, contoh 9,5."
ASK_CONFIRM = "{warnings}\nBalas YA untuk menyimpan, atau ketik ulang berat badan."
SAVED = "Tersimpan ✓ {name}: {kg} kg, {date}.{flags}\nKetik 3 untuk membatalkan, 0 untuk menu."
ALL_WEIGHED = "Semua balita sudah ditimbang bulan ini. 👍"
NOT_WEIGHED = "Belum ditimbang bulan ini ({n}):\n{lines}"
UNDONE = "Dibatalkan: {name} {kg} kg, {date}. Catatan ditandai salah input."
NOTHING_TO_UNDO = "Tidak ada catatan dari WhatsApp yang bisa dibatalkan."
UNDO_WINDOW = dt.timedelta(hours=24)
MAX_LIST = 9


def handle_webhook(*, payload: dict) -> int:
    """Handle every message of a webhook body; returns how many were new."""
    handled = 0
    for message in whatsapp.incoming_messages(payload):
        handled += handle_message(wa_id=message.wa_id, message_id=message.message_id, text=message.text)
    return handled


@transaction.atomic
def handle_message(*, wa_id: str, message_id: str, text: str) -> bool:
    """One incoming message: store it once, move the conversation on, reply."""
    contact = WhatsAppContact.objects.select_related("user__facility").filter(wa_id=wa_id).first()
    if contact is None:
        transaction.on_commit(lambda: whatsapp.send_text(to=wa_id, body=UNKNOWN_NUMBER))
        return False
    try:
        with transaction.atomic():
            ChatMessage.objects.create(contact=contact, wamid=message_id or None, direction=ChatMessage.Direction.IN,
                                       body=text[:2000], at=timezone.now())
    except IntegrityError:
        return False  # a retried webhook: this message was handled already
    chat, _created = ChatSession.objects.select_for_update().get_or_create(contact=contact)
    reply, record = _answer(chat, contact.user, text.strip())
    chat.save()
    _reply(contact, reply, record)
    return True


def _reply(contact: WhatsAppContact, body: str, record: PackageRecord | None = None) -> None:
    ChatMessage.objects.create(contact=contact, direction=ChatMessage.Direction.OUT, body=body, at=timezone.now(),
                               record=record)
    transaction.on_commit(lambda: whatsapp.send_text(to=contact.wa_id, body=body))


def _menu(chat: ChatSession, user) -> str:
    chat.state, chat.data = "menu", {**chat.data, "candidates": [], "patient_id": None, "weight": None}
    return MENU.format(posyandu=user.facility.name)


def _answer(chat: ChatSession, user, text: str) -> tuple[str, PackageRecord | None]:
    lowered = text.lower()
    if lowered in ("0", "menu", "halo", "hai", "mulai", ""):
        return _menu(chat, user), None
    if chat.state == "choose_child":
        return _choose_child(chat, user, text), None
    if chat.state == "weight":
        return _weight(chat, user, text, confirmed=False)
    if chat.state == "confirm":
        if lowered in ("ya", "y", "yes", "ok"):
            return _weight(chat, user, chat.data["weight"], confirmed=True)
        return _weight(chat, user, text, confirmed=False)
    if lowered == "1":
        return _list_children(chat, user), None
    if lowered == "2":
        return _not_weighed(user), None
    if lowered in ("3", "batal", "undo"):
        return _undo(chat, user), None
    return f"{NOT_UNDERSTOOD}\n\n{_menu(chat, user)}", None


def _balita_not_weighed(user) -> list:
    today = timezone.localdate()
    balita = selectors.balita_list(user=user, posyandu=user.facility, on=today)
    weighed = set(PackageRecord.objects.filter(
        patient__in=[p.pk for p in balita], package_id="balita", status=PackageRecord.Status.FINAL,
        service_date__gte=today.replace(day=1)).values_list("patient_id", flat=True))
    return [p for p in balita if p.pk not in weighed]


def _numbered(patients) -> str:
    return "\n".join(f"{n}. {p.name} ({p.age_text})" for n, p in enumerate(patients, start=1))


def _list_children(chat: ChatSession, user) -> str:
    candidates = _balita_not_weighed(user)[:MAX_LIST]
    chat.state, chat.data = "choose_child", {**chat.data, "candidates": [p.pk for p in candidates]}
    return CHOOSE_CHILD.format(lines=_numbered(candidates) or "(semua sudah ditimbang; ketik nama balita)")


def _choose_child(chat: ChatSession, user, text: str) -> str:
    candidates = chat.data.get("candidates") or []
    if text.isdigit() and 1 <= int(text) <= len(candidates):
        patient = selectors.residents(user=user, posyandu=user.facility).filter(pk=candidates[int(text) - 1]).first()
        if patient:
            chat.state, chat.data = "weight", {**chat.data, "patient_id": patient.pk}
            return ASK_WEIGHT.format(name=patient.name, age=patient.age_text)
    today = timezone.localdate()
    found = [p for p in selectors.search_residents(user=user, posyandu=user.facility, search=text)
             if p.birth_date > dt.date(today.year - 6, today.month, 1) and selectors.life_group(p, today) == "balita"]
    if not found:
        return NO_CHILD_FOUND.format(text=text[:40])
    chat.data = {**chat.data, "candidates": [p.pk for p in found[:MAX_LIST]]}
    return CHOOSE_CHILD.format(lines=_numbered(found[:MAX_LIST]))


def _kg(text) -> Decimal | None:
    cleaned = re.sub(r"\s*kg$", "", str(text).strip().lower()).replace(",", ".")
    try:
        return Decimal(cleaned)
    except InvalidOperation:
        return None


def _weight(chat: ChatSession, user, text, *, confirmed: bool) -> tuple[str, PackageRecord | None]:
    kg = _kg(text)
    if kg is None:
        return NOT_A_NUMBER, None
    patient = selectors.residents(user=user, posyandu=user.facility).filter(pk=chat.data.get("patient_id")).first()
    if patient is None:
        return _menu(chat, user), None
    try:
        with transaction.atomic():
            record = record_package(actor=user, patient=patient, package_id="balita", values={"weight": kg},
                                    service_date=timezone.localdate(), confirmed=confirmed)
            if user.facility.kind == Facility.Kind.POSYANDU:
                attend_for_upload(actor=user, patient=patient, date=record.service_date, record=record)
    except NeedsConfirmation as error:
        chat.state, chat.data = "confirm", {**chat.data, "weight": str(kg)}
        return ASK_CONFIRM.format(warnings="\n".join(error.warnings)), None
    except ValidationError as error:
        chat.state = "weight"
        return " ".join(error.messages) + "\n" + NOT_A_NUMBER, None
    flags = "".join(f"\n⚠ {flag['label']}" for flag in record.flags)
    _menu(chat, user)
    chat.data = {**chat.data, "last_records": [*(chat.data.get("last_records") or []), record.pk][-20:]}
    return SAVED.format(name=patient.name, kg=formats.localize(kg), date=f"{record.service_date:%d-%m-%Y}", flags=flags), record


def _not_weighed(user) -> str:
    children = _balita_not_weighed(user)
    if not children:
        return ALL_WEIGHED
    return NOT_WEIGHED.format(n=len(children), lines=_numbered(children[:30]))


def _undo(chat: ChatSession, user) -> str:
    """Take back the kader's last chat record of the last 24 hours: marked entered-in-error, its facts removed."""
    ids = list(chat.data.get("last_records") or [])
    record = (PackageRecord.objects.filter(pk__in=ids, performer=user, status=PackageRecord.Status.FINAL,
                                           recorded_at__gte=timezone.now() - UNDO_WINDOW)
              .select_related("patient").order_by("-recorded_at").first())
    if record is None:
        return NOTHING_TO_UNDO
    void_record(actor=user, record=record, reason=UNDO_REASON)
    Attendance.objects.filter(record=record).update(record=None)  # the session shows the child as not weighed again
    chat.data = {**chat.data, "last_records": [pk for pk in ids if pk != record.pk]}
    return UNDONE.format(name=record.patient.name, kg=formats.localize(Decimal(str(record.values.get("weight")))),
                         date=f"{record.service_date:%d-%m-%Y}")


NOT_FOR_ROLE = "Kanal WhatsApp untuk kader dan petugas yang mencatat layanan."
BAD_NUMBER = "Nomor WhatsApp tidak valid: tulis 08xx atau 628xx, 10–15 angka."
NUMBER_TAKEN = "Nomor ini sudah dipakai pengguna lain."


@transaction.atomic
def register_whatsapp(*, actor, number: str) -> WhatsAppContact:
    """The kader's own WhatsApp number, as the Cloud API names it (wa_id: 62..., no plus sign)."""
    if not actor.sees_patients:
        raise PermissionDenied(NOT_FOR_ROLE)
    digits = re.sub(r"\D", "", number or "")
    if digits.startswith("0"):
        digits = "62" + digits[1:]
    if not (digits.startswith("62") and 10 <= len(digits) <= 15):
        raise ValidationError({"number": [BAD_NUMBER]})
    if WhatsAppContact.objects.filter(wa_id=digits).exclude(user=actor).exists():
        raise ValidationError({"number": [NUMBER_TAKEN]})
    contact, _created = WhatsAppContact.objects.update_or_create(user=actor, defaults={"wa_id": digits})
    audit.record(actor=actor, action="whatsapp.register", target=contact)
    return contact
