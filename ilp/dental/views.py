"""Poli Gigi pages: the register of exams and a visit's odontogram (tooth status, treatments)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ilp.core.forms import add_service_errors
from ilp.core.views import paginate, redirect_after_post, render_page

from . import catalogue, odontogram, selectors, services, teeth
from .forms import ToothForm, TreatmentForm


@require_GET
def exam_list(request):
    exams = selectors.exam_list(user=request.user)
    return render_page(request, "dental/exam_list.html", {"page": paginate(request, exams), "active_nav": "dental"})


def _selected(request, form: ToothForm) -> int | None:
    raw = request.POST.get("tooth") if form.is_bound else request.GET.get("gigi", "")
    return int(raw) if raw and raw.isdigit() and int(raw) in teeth.ALL_TEETH else None


def _render(request, chart, *, tooth_form: ToothForm, treatment_form: TreatmentForm):
    selected = _selected(request, tooth_form)
    context = {"chart": chart, "visit": chart.visit, "patient": chart.visit.patient, "selected": selected,
               "boxes": odontogram.layout(chart.statuses, selected=selected), "width": odontogram.WIDTH,
               "height": odontogram.HEIGHT, "box": odontogram.BOX,
               "midline_x": odontogram.MIDLINE_X, "occlusal_y": odontogram.OCCLUSAL_Y, "statuses": teeth.STATUSES,
               "tooth_form": tooth_form, "treatment_form": treatment_form, "active_nav": "dental",
               "suggested": {p.code: p.icd10 for p in catalogue.catalogue().values()}}
    return render_page(request, "dental/chart.html", context, fragment="tooth" if request.GET.get("gigi") else None)


@require_http_methods(["GET", "POST"])
def chart(request, visit_id: int):
    """The odontogram: click a tooth (a link, so it works without JavaScript), pick its status, save."""
    chart = selectors.chart_get(user=request.user, visit_id=visit_id)
    selected = request.GET.get("gigi", "")
    initial = {"tooth": selected, "status": chart.statuses.get(int(selected), teeth.SOUND)} if selected.isdigit() else {}
    form = ToothForm(request.POST or None, initial=initial)
    if form.is_valid():
        tooth = form.cleaned_data["tooth"]
        try:
            services.set_tooth_status(actor=request.user, visit=chart.visit, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Gigi %(tooth)s tersimpan.") % {"tooth": tooth})
            return redirect_after_post(request, reverse("dental:chart", args=[visit_id]) + f"?gigi={tooth}")
    return _render(request, chart, tooth_form=form, treatment_form=TreatmentForm())


@require_POST
def treatment_add(request, visit_id: int):
    chart = selectors.chart_get(user=request.user, visit_id=visit_id)
    form = TreatmentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_treatment(actor=request.user, visit=chart.visit, procedure_code=data["procedure"], tooth=data["tooth"],
                                      diagnosis_code=data["diagnosis_code"], case=data["case"], note=data["note"])
        except ValidationError as error:
            add_service_errors(form, error, rename={"code": "diagnosis_code"})
        else:
            messages.success(request, _("Tindakan tercatat."))
            return redirect_after_post(request, reverse("dental:chart", args=[visit_id]))
    return _render(request, chart, tooth_form=ToothForm(), treatment_form=form)
