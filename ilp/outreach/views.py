"""Posyandu pages for kader and bidan: sessions and their five tables, recap, SKDN."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import HiddenInput
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ilp.core.views import redirect_after_post, render_page
from ilp.packages.engine.forms import PackageForm
from ilp.packages.engine.loader import registry
from ilp.packages.services import NeedsConfirmation
from ilp.people import selectors as people_selectors

from . import selectors, services, sync
from .choices import Weekday
from .forms import MonthForm, OpenSessionForm, ReferForm, RegisterForm, ScheduleForm, StepForm

# Meja 2 measures what the offline form does, plus oedema (a nakes sees it at the table).
WEIGHING_FIELDS = (*sync.WEIGHING_FIELDS, "oedema")


def _session_url(session) -> str:
    return reverse("outreach:session_detail", args=[session.pk])


def session_list(request):
    posyandu = selectors.posyandu_list(user=request.user)
    context = {"posyandu_list": selectors.with_next_opening(posyandu, on=selectors.today()),
               "sessions": selectors.session_list(user=request.user)[:50], "weekdays": Weekday.choices,
               "form": OpenSessionForm(initial={"date": selectors.today()}), "active_nav": "outreach"}
    return render_page(request, "outreach/session_list.html", context)


@require_POST
def schedule_set(request, pk: int):
    posyandu = selectors.posyandu_get(user=request.user, pk=pk)
    form = ScheduleForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        services.set_schedule(actor=request.user, posyandu=posyandu, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Hari buka %(posyandu)s tersimpan.") % {"posyandu": posyandu.name})
    return redirect_after_post(request, reverse("outreach:session_list"))


@require_POST
def session_open(request, pk: int):
    posyandu = selectors.posyandu_get(user=request.user, pk=pk)
    form = OpenSessionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.get("date") or _("Tanggal tidak valid."))
        session = services.open_session(actor=request.user, posyandu=posyandu, date=form.cleaned_data["date"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect_after_post(request, reverse("outreach:session_list"))
    return redirect_after_post(request, _session_url(session))


def session_detail(request, pk: int):
    session = selectors.session_get(user=request.user, pk=pk)
    search = request.GET.get("q", "")
    found = selectors.search_residents(user=request.user, posyandu=session.posyandu, search=search) if search else []
    context = {"session": session, "found": found, "search": search, "meja": selectors.meja_labels(session),
               "kader": selectors.posyandu_kader(posyandu=session.posyandu),
               "refer_form": ReferForm(), "active_nav": "outreach"}
    return render_page(request, "outreach/session_detail.html", context, fragment="found" if search else None)


@require_POST
def session_kader(request, pk: int):
    session = selectors.session_get(user=request.user, pk=pk)
    ids = [int(x) for x in request.POST.getlist("kader") if x.isdigit()]
    try:
        services.set_kader_present(actor=request.user, session=session, kader_ids=ids)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect_after_post(request, _session_url(session))


@require_POST
def attendance_register(request, pk: int):
    session = selectors.session_get(user=request.user, pk=pk)
    form = RegisterForm(request.POST)
    if form.is_valid():
        patient = people_selectors.patient_get(user=request.user, pk=form.cleaned_data["patient"])
        try:
            services.register_attendance(actor=request.user, session=session, patient=patient,
                                         has_buku_kia=form.cleaned_data["has_buku_kia"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect_after_post(request, _session_url(session))


@require_POST
def attendance_step(request, pk: int, attendance_pk: int):
    session = selectors.session_get(user=request.user, pk=pk)
    attendance = selectors.attendance_get(user=request.user, session=session, pk=attendance_pk)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.mark_step(actor=request.user, attendance=attendance, meja=form.cleaned_data["meja"],
                               skipped=form.cleaned_data["skipped"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return redirect_after_post(request, _session_url(session))


@require_POST
def attendance_refer(request, pk: int, attendance_pk: int):
    session = selectors.session_get(user=request.user, pk=pk)
    attendance = selectors.attendance_get(user=request.user, session=session, pk=attendance_pk)
    form = ReferForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["reason"])
        services.refer_attendee(actor=request.user, attendance=attendance, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Tindak lanjut dikirim ke Pustu."))
    return redirect_after_post(request, _session_url(session))


@require_http_methods(["GET", "POST"])
def attendance_weigh(request, pk: int, attendance_pk: int):
    session = selectors.session_get(user=request.user, pk=pk)
    attendance = selectors.attendance_get(user=request.user, session=session, pk=attendance_pk)
    package = registry()["balita"]
    hidden = {f.id for f in package.fields if f.id not in WEIGHING_FIELDS}
    form = PackageForm(request.POST or None, package=package, hidden=hidden, initial={"service_date": session.date})
    form.fields["service_date"].required = False
    form.fields["service_date"].widget = HiddenInput()  # the session's date is the service date
    warnings = []
    if form.is_valid():
        try:
            services.record_measurement(actor=request.user, attendance=attendance, values=form.values(),
                                        confirmed=form.cleaned_data["confirmed"])
        except NeedsConfirmation as error:
            warnings = error.warnings
            form.ask_confirmation()
            form.add_error(None, error)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Hasil penimbangan %(name)s tersimpan.") % {"name": attendance.patient.name})
            return redirect_after_post(request, _session_url(session))
    context = {"session": session, "attendance": attendance, "form": form, "warnings": warnings, "active_nav": "outreach"}
    return render_page(request, "outreach/weigh.html", context, status=400 if form.errors else 200)


@require_POST
def session_close(request, pk: int):
    session = selectors.session_get(user=request.user, pk=pk)
    try:
        services.close_session(actor=request.user, session=session)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect_after_post(request, reverse("outreach:session_recap", args=[session.pk]))


def session_recap(request, pk: int):
    session = selectors.session_get(user=request.user, pk=pk)
    context = {"session": session, "recap": selectors.session_recap(session=session),
               "follow_ups": selectors.follow_up_rows(session=session),
               "absent": selectors.absent_sasaran(user=request.user, session=session), "active_nav": "outreach"}
    return render_page(request, "outreach/session_recap.html", context)


def skdn(request, pk: int):
    posyandu = selectors.posyandu_get(user=request.user, pk=pk)
    year, month = MonthForm(request.GET).month(selectors.today())
    report = selectors.skdn(user=request.user, posyandu=posyandu, year=year, month=month)
    context = {"posyandu": posyandu, "report": report, "bulan": f"{year}-{month:02d}", "active_nav": "outreach"}
    return render_page(request, "outreach/skdn.html", context)


def conflict_list(request):
    context = {"conflicts": selectors.conflict_list(user=request.user), "active_nav": "outreach"}
    return render_page(request, "outreach/conflict_list.html", context)


@require_POST
def conflict_review(request, pk: int):
    conflict = selectors.conflict_get(user=request.user, pk=pk)
    void = request.POST.get("void", "")
    try:
        services.review_conflict(actor=request.user, conflict=conflict, note=request.POST.get("note", ""),
                                 void=void if void in ("existing", "upload") else "")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Bentrok data ditandai sudah ditinjau."))
    return redirect_after_post(request, reverse("outreach:conflict_list"))


@require_http_methods(["GET", "POST"])
def whatsapp_number(request):
    from .forms import WhatsAppForm
    from .services.chat import NOT_FOR_ROLE, register_whatsapp

    if not request.user.sees_patients:
        raise PermissionDenied(NOT_FOR_ROLE)
    current = getattr(request.user, "whatsapp", None)
    form = WhatsAppForm(request.POST or None, initial={"number": current.wa_id if current else ""})
    if form.is_valid():
        try:
            register_whatsapp(actor=request.user, number=form.cleaned_data["number"])
        except ValidationError as error:
            form.add_error("number", error.message_dict["number"])
        else:
            messages.success(request, _("Nomor WhatsApp tersimpan. Kirim \"halo\" ke WhatsApp SIP ILP untuk membuka menu."))
            return redirect_after_post(request, reverse("outreach:session_list"))
    return render_page(request, "outreach/whatsapp_number.html", {"form": form, "active_nav": "outreach"},
                       status=400 if form.errors else 200)
