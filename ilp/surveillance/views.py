"""Surveillance pages: cases (by name, facility staff), the weekly SKDR table and alerts (aggregates, the Dinkes too)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ilp.core.forms import add_service_errors
from ilp.core.views import paginate, redirect_after_post, render_page
from ilp.people import selectors as people_selectors

from . import forms, selectors, services
from .diseases import diseases
from .models import Alert

# step slug: (form, when the step is open, the service call)
ALERT_STEPS = {
    "verifikasi": (forms.AlertVerifyForm, lambda a: a.status == Alert.Status.NEW,
                   lambda user, alert, data: services.verify_alert(actor=user, alert=alert, **data)),
    "penyelidikan": (forms.AlertInvestigateForm, lambda a: a.status in (Alert.Status.NEW, Alert.Status.VERIFIED),
                     lambda user, alert, data: services.start_investigation(actor=user, alert=alert, **data)),
    "selesai": (forms.AlertCloseForm, lambda a: a.is_open,
                lambda user, alert, data: services.close_alert(actor=user, alert=alert, **data)),
}


@require_GET
def case_list(request):
    disease, search = request.GET.get("penyakit", ""), request.GET.get("cari", "")
    cases = selectors.case_list(user=request.user, disease=disease)
    context = {"page": paginate(request, cases), "disease": disease, "diseases": diseases().values(),
               "alerts": selectors.alert_list(user=request.user, open_only=True)[:10], "search": search,
               "candidates": people_selectors.patient_list(user=request.user, search=search)[:8] if search.strip() else [],
               "query": f"penyakit={disease}" if disease else "", "active_nav": "surveillance"}
    return render_page(request, "surveillance/case_list.html", context, fragment="rows")


@require_http_methods(["GET", "POST"])
def case_create(request):
    selectors.case_list(user=request.user)  # facility staff only
    patient_pk = request.GET.get("pasien", "")
    patient = people_selectors.patient_get(user=request.user, pk=int(patient_pk)) if patient_pk.isdigit() else None
    form = forms.CaseForm(request.POST or None, desa=selectors.wilayah_desa(user=request.user), patient=patient)
    if form.is_valid():
        try:
            case = services.record_case(actor=request.user, patient=patient, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Kasus tercatat."))
            return redirect_after_post(request, case)
    context = {"form": form, "patient": patient, "active_nav": "surveillance"}
    return render_page(request, "surveillance/case_form.html", context, status=400 if form.errors else 200)


@require_GET
def case_detail(request, pk: int):
    case = selectors.case_get(user=request.user, pk=pk)
    context = {"case": case, "disease": diseases()[case.disease], "active_nav": "surveillance"}
    return render_page(request, "surveillance/case_detail.html", context)


@require_GET
def weekly(request):
    """Diseases × the last 8 ISO weeks for a desa or the whole area; printable."""
    last = forms.parse_week(request.GET.get("minggu", "")) or timezone.localdate()
    choices = selectors.desa_choices(user=request.user)
    desa_pk = request.GET.get("desa", "")
    desa = next((d for d in choices if str(d.pk) == desa_pk), None)
    if desa_pk and desa is None:
        raise Http404(desa_pk)
    table = selectors.weekly_table(user=request.user, desa=desa, last_week=last)
    context = {"table": table, "desa": desa, "choices": choices, "week": table.labels[-1], "active_nav": "surveillance",
               "rows": [(d, list(zip(values, table.weeks, strict=True)), total, table.deaths[d.code])
                        for d, values, total in table.rows]}
    return render_page(request, "surveillance/weekly.html", context)


@require_GET
def alert_list(request):
    status = request.GET.get("status", "")
    context = {"page": paginate(request, selectors.alert_list(user=request.user, status=status)), "status": status,
               "statuses": Alert.Status.choices, "query": f"status={status}" if status else "", "active_nav": "surveillance"}
    return render_page(request, "surveillance/alert_list.html", context)


def _alert_page(request, alert, *, bound=None, status=200):
    steps = {}
    if request.user.role in services.RESPONDERS:
        steps = {slug: (bound[1] if bound and bound[0] == slug else form())
                 for slug, (form, is_open, _call) in ALERT_STEPS.items() if is_open(alert)}
    context = {"alert": alert, "cases": selectors.alert_cases(user=request.user, alert=alert), "steps": steps,
               "rule": diseases()[alert.disease].rule, "active_nav": "surveillance"}
    return render_page(request, "surveillance/alert_detail.html", context, status=status)


@require_GET
def alert_detail(request, pk: int):
    return _alert_page(request, selectors.alert_get(user=request.user, pk=pk))


@require_POST
def alert_step(request, pk: int, step: str):
    alert = selectors.alert_get(user=request.user, pk=pk)
    if step not in ALERT_STEPS or request.user.role not in services.RESPONDERS or not ALERT_STEPS[step][1](alert):
        raise PermissionDenied(_("Langkah ini tidak dapat dilakukan sekarang."))
    step_form, _is_open, call = ALERT_STEPS[step]
    form = step_form(request.POST)
    if form.is_valid():
        try:
            call(request.user, alert, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tersimpan."))
            return redirect_after_post(request, alert)
    alert.refresh_from_db()  # a refused step leaves the alert as it was
    return _alert_page(request, alert, bound=(step, form), status=400)


