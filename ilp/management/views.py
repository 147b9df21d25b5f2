"""Klaster 1 pages: the dashboard, SDM and roster, assets, quality (INM, incidents, survey), planning (RUK/RPK),
lokakarya mini with RTL, PKP and finance. Every page that holds a form re-renders it with what was typed."""

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ilp.core.views import redirect_after_post, render_page

from . import charts, choices, forms, inm, selectors, services
from .models import WARNING_DAYS


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _submit(request, form, write: Callable, done: str, target: Callable | str):
    """Validate, call the service, and redirect with a message; None when the page must be shown again."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = write(form.cleaned_data)
    except ValidationError as error:
        _add_errors(form, error)
        return None
    messages.success(request, done)
    return redirect_after_post(request, target(result) if callable(target) else target)


def _page(request, template: str, context: dict, *forms_on_page):
    status = 400 if any(f.errors for f in forms_on_page) else 200
    return render_page(request, template, {"active_nav": "management", **context}, status=status)


def _year_month(request) -> tuple[int, int]:
    try:
        day = dt.datetime.strptime(request.GET.get("bulan", ""), "%Y-%m").date()
    except ValueError:
        day = timezone.localdate()
    return day.year, day.month


def _year(request) -> int:
    value = request.GET.get("tahun", "")
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else timezone.localdate().year


@require_GET
def dashboard(request):
    year, month = _year_month(request)
    today = timezone.localdate()
    data = selectors.dashboard(user=request.user, year=year, month=month, today=today)
    context = {"d": data, "charts": charts.dashboard_charts(data), "month": f"{year:04d}-{month:02d}", "today": today,
               "is_head": request.user.role == "kepala_puskesmas"}
    return _page(request, "management/dashboard.html", context)


# ---- SDM ----------------------------------------------------------------------------------------

@require_GET
def staff_list(request):
    kind = request.GET.get("jenis", "")
    today = timezone.localdate()
    staff = selectors.staff_list(user=request.user, kind=kind if kind in choices.StaffKind.values else "")
    facility = [selectors.managed_puskesmas(user=request.user)]
    context = {"staff": staff, "kind": kind, "kinds": choices.StaffKind.choices, "today": today,
               "soon": today + dt.timedelta(days=WARNING_DAYS),
               "alerts": selectors.licence_alerts(facilities=facility, today=today),
               "unlicensed": selectors.unlicensed_staff(facilities=facility)}
    return _page(request, "management/staff_list.html", context)


def _staff_form(request, staff=None):
    rooms = selectors.room_choices(user=request.user)
    logins = selectors.login_choices(user=request.user, staff=staff)
    return forms.StaffForm(request.POST or None, instance=staff, rooms=rooms, logins=logins)


@require_http_methods(["GET", "POST"])
def staff_create(request):
    form = _staff_form(request)
    done = _submit(request, form, lambda data: services.save_staff(actor=request.user, **data),
                   _("Pegawai tercatat."), lambda staff: staff)
    return done or _page(request, "management/staff_form.html", {"form": form}, form)


@require_http_methods(["GET", "POST"])
def staff_edit(request, pk: int):
    staff = selectors.staff_get(user=request.user, pk=pk)
    form = _staff_form(request, staff)
    done = _submit(request, form, lambda data: services.save_staff(actor=request.user, staff=staff, **data),
                   _("Data pegawai diperbarui."), staff)
    return done or _page(request, "management/staff_form.html", {"form": form, "staff": staff}, form)


def _staff_page(request, staff, **bound):
    rooms = selectors.room_choices(user=request.user)
    page_forms = {
        "licence_form": bound.get("licence_form") or forms.LicenceForm(),
        "training_form": bound.get("training_form") or forms.TrainingForm(),
        "assign_form": bound.get("assign_form") or forms.AssignForm(
            rooms=rooms, initial={"klaster": staff.klaster, "rooms": [r.pk for r in staff.rooms.all()]}),
    }
    today = timezone.localdate()
    context = {"staff": staff, "today": today, "soon": today + dt.timedelta(days=WARNING_DAYS), **page_forms}
    return _page(request, "management/staff_detail.html", context, *page_forms.values())


@require_GET
def staff_detail(request, pk: int):
    return _staff_page(request, selectors.staff_get(user=request.user, pk=pk))


@require_POST
def licence_add(request, pk: int):
    staff = selectors.staff_get(user=request.user, pk=pk)
    form = forms.LicenceForm(request.POST)
    done = _submit(request, form, lambda data: services.add_licence(actor=request.user, staff=staff, **data),
                   _("STR/SIP tercatat."), staff)
    return done or _staff_page(request, staff, licence_form=form)


@require_POST
def training_add(request, pk: int):
    staff = selectors.staff_get(user=request.user, pk=pk)
    form = forms.TrainingForm(request.POST)
    done = _submit(request, form, lambda data: services.add_training(actor=request.user, staff=staff, **data),
                   _("Pelatihan tercatat."), staff)
    return done or _staff_page(request, staff, training_form=form)


@require_POST
def staff_assign(request, pk: int):
    staff = selectors.staff_get(user=request.user, pk=pk)
    form = forms.AssignForm(request.POST, rooms=selectors.room_choices(user=request.user))
    done = _submit(request, form, lambda data: services.assign_staff(actor=request.user, staff=staff, **data),
                   _("Penugasan disimpan."), staff)
    return done or _staff_page(request, staff, assign_form=form)


@require_http_methods(["GET", "POST"])
def roster(request):
    year, month = _year_month(request)
    form = forms.ShiftForm(request.POST or None, staff=selectors.staff_list(user=request.user))
    url = f"{reverse('management:roster')}?bulan={year:04d}-{month:02d}"
    done = _submit(request, form, lambda data: services.set_shifts(actor=request.user, **data), _("Jadwal dinas disimpan."), url)
    context = {"form": form, "roster": selectors.roster(user=request.user, year=year, month=month),
               "month": f"{year:04d}-{month:02d}", "shifts": choices.Shift.choices}
    return done or _page(request, "management/roster.html", context, form)


# ---- Aset ---------------------------------------------------------------------------------------

@require_GET
def asset_list(request):
    category = request.GET.get("kategori", "")
    assets = selectors.asset_list(user=request.user, category=category if category in choices.AssetCategory.values else "")
    today = timezone.localdate()
    context = {"assets": assets, "category": category, "categories": choices.AssetCategory.choices,
               "today": today, "soon": today + dt.timedelta(days=WARNING_DAYS)}
    return _page(request, "management/asset_list.html", context)


@require_http_methods(["GET", "POST"])
def asset_create(request):
    form = forms.AssetForm(request.POST or None, rooms=selectors.room_choices(user=request.user))
    done = _submit(request, form, lambda data: services.save_asset(actor=request.user, **data),
                   _("Barang inventaris tercatat."), reverse("management:asset_list"))
    return done or _page(request, "management/asset_form.html", {"form": form}, form)


@require_http_methods(["GET", "POST"])
def asset_edit(request, pk: int):
    asset = selectors.asset_get(user=request.user, pk=pk)
    form = forms.AssetForm(request.POST or None, instance=asset, rooms=selectors.room_choices(user=request.user))
    done = _submit(request, form, lambda data: services.save_asset(actor=request.user, asset=asset, **data),
                   _("Inventaris diperbarui."), reverse("management:asset_list"))
    return done or _page(request, "management/asset_form.html", {"form": form, "asset": asset}, form)


# ---- Mutu ---------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def quality(request):
    year, month = _year_month(request)
    facility = selectors.managed_puskesmas(user=request.user)
    form = forms.QualityMeasureForm(request.POST or None, initial={"month": f"{year:04d}-{month:02d}"})
    done = _submit(request, form, lambda data: services.record_quality_measure(actor=request.user, **data),
                   _("Nilai indikator mutu disimpan."),
                   lambda m: f"{reverse('management:quality')}?bulan={m.month:%Y-%m}")
    context = {"form": form, "rows": selectors.inm_month(facilities=[facility], year=year, month=month),
               "waiting": selectors.waiting_time(facilities=[facility], year=year, month=month),
               "survey": selectors.satisfaction(facilities=[facility], year=year, month=month),
               "month": f"{year:04d}-{month:02d}", "limit": inm.WAIT_LIMIT_MINUTES}
    return done or _page(request, "management/quality.html", context, form)


@require_http_methods(["GET", "POST"])
def incident_list(request):
    form = forms.IncidentForm(request.POST or None)
    done = _submit(request, form, lambda data: services.report_incident(actor=request.user, **data),
                   _("Laporan insiden tercatat."), lambda i: reverse("management:incident_detail", args=[i.pk]))
    context = {"form": form, "incidents": selectors.incident_list(user=request.user)}
    return done or _page(request, "management/incident_list.html", context, form)


@require_http_methods(["GET", "POST"])
def incident_detail(request, pk: int):
    incident = selectors.incident_get(user=request.user, pk=pk)
    form = forms.IncidentFollowUpForm(request.POST or None,
                                      initial={"status": incident.status, "follow_up": incident.follow_up})
    done = _submit(request, form, lambda data: services.follow_up_incident(actor=request.user, incident=incident, **data),
                   _("Tindak lanjut insiden disimpan."), reverse("management:incident_list"))
    return done or _page(request, "management/incident_detail.html", {"form": form, "incident": incident}, form)


@require_http_methods(["GET", "POST"])
def survey(request):
    year, month = _year_month(request)
    facility = selectors.managed_puskesmas(user=request.user)
    form = forms.SurveyForm(request.POST or None, initial={"answered_on": timezone.localdate()})
    done = _submit(request, form, lambda data: services.record_survey(actor=request.user, **data),
                   _("Jawaban survei tersimpan."), reverse("management:survey"))
    context = {"form": form, "survey": selectors.satisfaction(facilities=[facility], year=year, month=month),
               "month": f"{year:04d}-{month:02d}"}
    return done or _page(request, "management/survey.html", context, form)


# ---- P1, P2, P3 ---------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def plan_list(request):
    year = _year(request)
    next_year = timezone.localdate().year + 1
    code = request.GET.get("indikator", "")
    drawn = selectors.indicator_target(user=request.user, code=code, year=next_year) if code else {}
    initial = {"kind": choices.PlanKind.RUK, "year": next_year, "indicator_code": code,
               "target_percent": drawn.get("target"), "sasaran": drawn.get("sasaran")}
    form = forms.PlanForm(request.POST or None, initial=initial, indicators=selectors.indicator_choices())
    done = _submit(request, form, lambda data: services.add_plan_activity(actor=request.user, **data),
                   _("Kegiatan ditambahkan ke rencana."), lambda a: f"{reverse('management:plan_list')}?tahun={a.year}")
    context = {"form": form, "activities": selectors.plan_list(user=request.user, year=year), "year": year,
               "next_year": next_year, "drawn": drawn, "statuses": choices.WorkStatus.choices}
    return done or _page(request, "management/plan_list.html", context, form)


@require_POST
def plan_status(request, pk: int):
    activity = selectors.plan_get(user=request.user, pk=pk)
    status = request.POST.get("status", "")
    if status in choices.WorkStatus.values:
        services.set_plan_status(actor=request.user, activity=activity, status=status)
        messages.success(request, _("Status kegiatan diperbarui."))
    else:
        messages.error(request, _("Status tidak dikenal."))
    return redirect_after_post(request, f"{reverse('management:plan_list')}?tahun={activity.year}")


@require_GET
def workshop_list(request):
    facility = [selectors.managed_puskesmas(user=request.user)]
    context = {"workshops": selectors.workshop_list(user=request.user),
               "open_actions": selectors.open_actions(facilities=facility), "today": timezone.localdate()}
    return _page(request, "management/workshop_list.html", context)


@require_http_methods(["GET", "POST"])
def workshop_create(request):
    staff = selectors.staff_list(user=request.user)
    form = forms.WorkshopForm(request.POST or None, staff=staff, initial={"held_on": timezone.localdate()})

    def hold(data):
        facility = selectors.managed_puskesmas(user=request.user)
        attendees = [{"name": s.name, "institution": facility.name, "position": s.get_kind_display(), "staff": s}
                     for s in data.pop("present")] + data.pop("guests")
        return services.hold_workshop(actor=request.user, attendees=attendees, **data)

    done = _submit(request, form, hold, _("Lokakarya mini tercatat. Tambahkan RTL-nya."), lambda w: w)
    return done or _page(request, "management/workshop_form.html", {"form": form}, form)


def _workshop_page(request, workshop, **bound):
    network = selectors.network_facilities(user=request.user)
    page_forms = {"attendee_form": bound.get("attendee_form") or forms.AttendeeForm(network=network),
                  "action_form": bound.get("action_form") or forms.ActionForm()}
    context = {"workshop": workshop, "statuses": choices.WorkStatus.choices, "today": timezone.localdate(), **page_forms}
    return _page(request, "management/workshop_detail.html", context, *page_forms.values())


@require_GET
def workshop_detail(request, pk: int):
    return _workshop_page(request, selectors.workshop_get(user=request.user, pk=pk))


@require_POST
def attendee_add(request, pk: int):
    workshop = selectors.workshop_get(user=request.user, pk=pk)
    form = forms.AttendeeForm(request.POST, network=selectors.network_facilities(user=request.user))
    done = _submit(request, form, lambda data: services.add_attendee(actor=request.user, workshop=workshop, **data),
                   _("Peserta ditambahkan."), workshop)
    return done or _workshop_page(request, workshop, attendee_form=form)


@require_POST
def action_add(request, pk: int):
    workshop = selectors.workshop_get(user=request.user, pk=pk)
    form = forms.ActionForm(request.POST)
    done = _submit(request, form, lambda data: services.add_action(actor=request.user, workshop=workshop, **data),
                   _("RTL tercatat."), workshop)
    return done or _workshop_page(request, workshop, action_form=form)


@require_POST
def action_status(request, pk: int):
    item = selectors.action_get(user=request.user, pk=pk)
    form = forms.StatusForm(request.POST)
    if form.is_valid():
        services.set_action_status(actor=request.user, item=item, **form.cleaned_data)
        messages.success(request, _("Status RTL diperbarui."))
    else:
        messages.error(request, _("Status RTL tidak dikenal."))
    return redirect_after_post(request, item.workshop)


@require_http_methods(["GET", "POST"])
def pkp(request):
    year = _year(request)
    form = forms.PerformanceForm(request.POST or None)
    done = _submit(request, form, lambda data: services.record_performance(actor=request.user, year=year, **data),
                   _("Nilai PKP tersimpan."), f"{reverse('management:pkp')}?tahun={year}")
    context = {"form": form, "year": year,
               "pkp": selectors.pkp(user=request.user, year=year, today=timezone.localdate())}
    return done or _page(request, "management/pkp.html", context, form)


@require_http_methods(["GET", "POST"])
def finance(request):
    year = _year(request)
    facility = selectors.managed_puskesmas(user=request.user)
    form = forms.FinanceForm(request.POST or None)
    done = _submit(request, form, lambda data: services.record_finance(actor=request.user, **data),
                   _("Catatan keuangan tersimpan."), lambda e: f"{reverse('management:finance')}?tahun={e.month.year}")
    context = {"form": form, "year": year, "finance": selectors.finance_year(facilities=[facility], year=year),
               "entries": selectors.finance_entries(user=request.user, year=year)}
    return done or _page(request, "management/finance.html", context, form)
