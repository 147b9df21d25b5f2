"""The flow's pages: kiosk, station worklists, display board, visit record, Pustu inbox, compliance."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ilp.clinical import services as clinical_services
from ilp.core.views import render_page
from ilp.facilities.models import Facility
from ilp.lab import selectors as lab_selectors
from ilp.packages import selectors as package_selectors
from ilp.people import selectors as people_selectors

from . import selectors, services
from .forms import (
    DiagnosisForm,
    FinishForm,
    FollowUpDoneForm,
    FollowUpForm,
    KioskForm,
    PayForm,
    ReferExternalForm,
    ReferInternalForm,
    RegisterVisitForm,
    SkipForm,
    VitalsForm,
)
from .models import QueueEntry

PANEL_FORMS = {"pandu_ptm": VitalsForm, "pendaftaran": RegisterVisitForm, "kasir": PayForm}


@require_http_methods(["GET", "POST"])
def kiosk(request):
    facility = selectors.flow_facility(user=request.user)
    form = KioskForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        visit = services.open_visit(actor=request.user, facility=facility, emergency=request.POST.get("emergency") == "1",
                                    priority=form.priority_value())
        return redirect("visits:ticket", pk=visit.pk)
    return render_page(request, "visits/kiosk.html", {"form": form, "facility": facility, "active_nav": "flow"})


def ticket(request, pk: int):
    visit = selectors.ticket_get(user=request.user, pk=pk)
    first = visit.entries.select_related("station").first()
    return render_page(request, "visits/ticket.html", {"visit": visit, "first": first})


def station_list(request):
    stations = selectors.station_list(user=request.user)
    return render_page(request, "visits/stations.html", {"stations": stations, "active_nav": "flow"})


def worklist(request, code: str):
    station = selectors.station_get(user=request.user, code=code)
    entry = None
    if request.GET.get("entry"):
        entry = selectors.entry_get(user=request.user, pk=int(request.GET["entry"]) if request.GET["entry"].isdigit() else 0)
    entries = lab_selectors.with_lab_status(selectors.worklist(station=station))  # "hasil lab siap" on the row
    context = {"station": station, "entries": entries, "entry": entry, "skip_form": SkipForm(), "active_nav": "flow"}
    if entry and entry.status == QueueEntry.Status.IN_SERVICE:
        context.update(_panel(request, entry))
    return render_page(request, "visits/worklist.html", context, fragment="rows" if request.GET.get("poll") else None)


def _panel(request, entry: QueueEntry, **bound) -> dict:
    """The forms shown beside the worklist for the entry being served, by station."""
    code = entry.station.code
    panel = {"finish_form": bound.get("finish_form") or FinishForm(targets=services.allowed_next(entry)),
             "skip_form": SkipForm()}
    identifying = code == "pendaftaran" or (code == "ugd" and not entry.visit.patient_id)
    panel["identifying"] = identifying
    if code in PANEL_FORMS or identifying:
        panel["station_form"] = bound.get("station_form") or PANEL_FORMS.get(code, RegisterVisitForm)()
    if identifying:
        search = request.GET.get("q", "")
        panel["search"] = search
        panel["candidates"] = people_selectors.patient_list(user=request.user, search=search)[:8] if search.strip() else []
        if request.GET.get("pasien", "").isdigit():
            panel["candidates"] = people_selectors.patient_list(user=request.user).filter(pk=request.GET["pasien"])
    if entry.visit.patient_id and code not in ("pendaftaran", "kasir", "pandu_ptm"):
        panel["refer_form"] = bound.get("refer_form") or ReferInternalForm(here=code)
        panel["external_form"] = bound.get("external_form") or ReferExternalForm()
        panel["follow_up_form"] = bound.get("follow_up_form") or FollowUpForm()
        panel["diagnosis_form"] = DiagnosisForm()
        panel["vitals"] = entry.visit.observations.filter(source="pandu_ptm")
        panel["diagnoses"] = entry.visit.conditions.all()
        panel["packages"] = package_selectors.packages_for(patient=entry.visit.patient, pregnant=entry.visit.pregnant,
                                                         station=code)
        panel["lab_orders"] = lab_selectors.orders_for_visit(visit=entry.visit)
    return panel


ACTIONS = {
    "panggil": lambda request, entry: services.call_entry(actor=request.user, entry=entry),
    "mulai": lambda request, entry: services.start_service(actor=request.user, entry=entry),
}


@require_POST
def entry_action(request, code: str, pk: int, action: str):
    """Call, start, skip or finish one entry; errors come back as a message, the list stays consistent."""
    entry = selectors.entry_get(user=request.user, pk=pk)
    forms = {"selesai": lambda: FinishForm(request.POST, targets=services.allowed_next(entry)), "lewati": lambda: SkipForm(request.POST),
             "vital": lambda: VitalsForm(request.POST), "daftar": lambda: RegisterVisitForm(request.POST),
             "bayar": lambda: PayForm(request.POST), "rujuk": lambda: ReferInternalForm(request.POST, here=code),
             "rujuk-rs": lambda: ReferExternalForm(request.POST), "tindak-lanjut": lambda: FollowUpForm(request.POST),
             "diagnosis": lambda: DiagnosisForm(request.POST)}
    form = forms[action]() if action in forms else None
    try:
        if action in ACTIONS:
            ACTIONS[action](request, entry)
        elif form is None:
            raise ValidationError(_("Aksi tidak dikenal."))
        elif form.is_valid():
            message = _perform(request, entry, action, form.cleaned_data)
            if message:
                messages.success(request, message)
        else:
            raise ValidationError([e for errors in form.errors.values() for e in errors])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('visits:worklist', args=[code])}?entry={entry.pk}")
    if action in ("panggil", "mulai", "vital", "rujuk-rs", "tindak-lanjut", "diagnosis"):
        return redirect(f"{reverse('visits:worklist', args=[code])}?entry={entry.pk}")
    return redirect("visits:worklist", code=code)


def _perform(request, entry: QueueEntry, action: str, data: dict) -> str:
    actor = request.user
    if action == "selesai":
        services.finish_entry(actor=actor, entry=entry, send_to=data["send_to"], note=data.get("note", ""))
        return _("Nomor %(number)s selesai di sini.") % {"number": entry.visit.number}
    if action == "lewati":
        services.skip_entry(actor=actor, entry=entry, reason=data["reason"])
        return _("Nomor %(number)s dilewati.") % {"number": entry.visit.number}
    if action == "vital":
        values = {k: v for k, v in data.items()}
        services.record_vitals(actor=actor, entry=entry, values=values)
        return _("Hasil pengukuran tersimpan; lanjutkan ke pendaftaran.")
    if action == "daftar":
        patient = people_selectors.patient_get(user=actor, pk=data["patient_id"])
        visit = services.register_visit(actor=actor, entry=entry, patient=patient, payer=data["payer"],
                                        pregnant=data["pregnant"], postpartum=data["postpartum"])
        return _("%(name)s terdaftar ke %(klaster)s (%(reason)s). Cara bayar: %(payer)s; BPJS: %(bpjs)s.") % {
            "name": patient.name, "klaster": visit.get_klaster_display(), "reason": visit.klaster_reason,
            "payer": visit.get_payer_display(), "bpjs": visit.get_bpjs_status_display() or "-"}
    if action == "bayar":
        payment = services.pay_retribution(actor=actor, entry=entry, item_codes=data["items"])
        return _("Retribusi Rp %(total)s diterima, kuitansi %(receipt)s.") % {"total": f"{payment.total:,}".replace(",", "."), "receipt": payment.receipt_number}
    if action == "rujuk":
        services.refer_internally(actor=actor, entry=entry, to_code=data["to_code"], reason=data["reason"],
                                  return_requested=data["return_requested"])
        return _("Rujukan internal terkirim.")
    if action == "rujuk-rs":
        referral = services.refer_externally(actor=actor, entry=entry, hospital=data["hospital"], reason=data["reason"],
                                             diagnosis=data["diagnosis"])
        return _("Surat rujukan %(number)s dibuat.") % {"number": referral.letter_number}
    if action == "diagnosis":
        condition = clinical_services.record_diagnosis(actor=actor, visit=entry.visit, code=data["code"], case=data["case"],
                                                       primary=data["primary"])
        return _("Diagnosis %(code)s %(title)s tercatat.") % {"code": condition.code, "title": condition.display}
    if action == "tindak-lanjut":
        follow_up = services.notify_pustu(actor=actor, visit=entry.visit, reason=data["reason"])
        return _("Notifikasi tindak lanjut dikirim ke %(pustu)s.") % {"pustu": follow_up.pustu.name}
    return ""


@require_POST
def call_next(request, code: str):
    station = selectors.station_get(user=request.user, code=code)
    try:
        entry = services.call_next(actor=request.user, station=station)
    except ValidationError as error:
        messages.warning(request, " ".join(error.messages))
        return redirect("visits:worklist", code=code)
    return redirect(f"{reverse('visits:worklist', args=[code])}?entry={entry.pk}")


@login_not_required
def display_board(request, facility_pk: int):
    """The waiting-room TV: numbers being called, large, refreshed by htmx. No names, no login."""
    facility = get_object_or_404(Facility, pk=facility_pk, kind=Facility.Kind.PUSKESMAS)
    context = {"facility": facility, **selectors.board(facility=facility), "now": timezone.localtime()}
    return render_page(request, "visits/board.html", context, fragment="board")


def visit_list(request):
    visits = selectors.visit_list(user=request.user)
    return render_page(request, "visits/visit_list.html", {"visits": visits, "active_nav": "flow"})


def visit_detail(request, pk: int):
    visit = selectors.visit_get(user=request.user, pk=pk)
    context = {"visit": visit, "tilik": selectors.visit_tilik(visit), "active_nav": "flow",
               "lab_orders": lab_selectors.orders_for_visit(visit=visit)}
    return render_page(request, "visits/visit_detail.html", context)


def referral_letter(request, pk: int, referral_pk: int):
    visit = selectors.visit_get(user=request.user, pk=pk)
    referral = get_object_or_404(visit.referrals.all(), pk=referral_pk, kind="external")
    vitals = visit.observations.all()
    return render_page(request, "visits/referral_letter.html", {"visit": visit, "referral": referral, "vitals": vitals})


def receipt(request, pk: int):
    visit = selectors.visit_get(user=request.user, pk=pk)
    payment = get_object_or_404(visit.payments.all())
    return render_page(request, "visits/receipt.html", {"visit": visit, "payment": payment})


def follow_up_list(request):
    status = request.GET.get("status", "open")
    follow_ups = selectors.follow_up_list(user=request.user, status="" if status == "semua" else status)
    return render_page(request, "visits/follow_ups.html", {"follow_ups": follow_ups, "status": status,
                                                           "form": FollowUpDoneForm(), "active_nav": "follow_ups"})


@require_POST
def follow_up_done(request, pk: int):
    follow_up = selectors.follow_up_get(user=request.user, pk=pk)
    form = FollowUpDoneForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Periksa isian hasil tindak lanjut."))
        services.complete_follow_up(actor=request.user, follow_up=follow_up, note=form.cleaned_data["note"])
        messages.success(request, _("Tindak lanjut ditandai selesai."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("visits:follow_up_list")


def compliance(request):
    today = timezone.localdate()
    year, month = today.year, today.month
    raw = request.GET.get("bulan", "")
    if len(raw) == 7 and raw[4] == "-" and raw[:4].isdigit() and raw[5:].isdigit() and 1 <= int(raw[5:]) <= 12:
        year, month = int(raw[:4]), int(raw[5:])
    context = {"result": selectors.compliance(user=request.user, year=year, month=month),
               "times": selectors.station_times(user=request.user, year=year, month=month),
               "month": f"{year:04d}-{month:02d}", "active_nav": "flow"}
    return render_page(request, "visits/compliance.html", context)


@require_POST
def visit_cancel(request, pk: int):
    visit = selectors.visit_get(user=request.user, pk=pk)
    try:
        services.cancel_visit(actor=request.user, visit=visit, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Kunjungan %(number)s dibatalkan.") % {"number": visit.number})
    return redirect(visit)
