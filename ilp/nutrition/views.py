"""The gizi room: counselling at a visit with the child's growth, PMT courses and their hand-outs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ilp.core.views import redirect_after_post, render_page

from . import selectors, services
from .forms import CounsellingForm, DistributionForm, FinishForm, PmtStartForm
from .models import PmtProgram

NO_RUNNING = "Tidak ada PMT yang sedang berjalan untuk pasien ini."


@require_GET
def home(request):
    status = request.GET.get("status", PmtProgram.Status.RUNNING)
    context = {"programs": selectors.pmt_list(user=request.user, status=status if status in PmtProgram.Status.values else ""),
               "status": status, "statuses": PmtProgram.Status.choices,
               "counsellings": selectors.counselling_list(user=request.user), "active_nav": "nutrition"}
    return render_page(request, "nutrition/home.html", context)


def _counselling_page(request, page, *, form=None, start_form=None):
    context = {"page": page, "visit": page.visit, "patient": page.patient, "form": form or CounsellingForm(),
               "start_form": start_form or PmtStartForm(), "active_nav": "nutrition"}
    return render_page(request, "nutrition/counselling.html", context)


@require_http_methods(["GET", "POST"])
def counselling(request, visit_id: int):
    page = selectors.gizi_page(user=request.user, visit_id=visit_id)
    form = CounsellingForm(request.POST or None)
    if form.is_valid():
        try:
            services.record_counselling(actor=request.user, visit=page.visit, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Konseling gizi tersimpan."))
            return redirect_after_post(request, reverse("nutrition:counselling", args=[visit_id]))
    return _counselling_page(request, page, form=form)


@require_POST
def pmt_start(request, visit_id: int):
    page = selectors.gizi_page(user=request.user, visit_id=visit_id)
    form = PmtStartForm(request.POST)
    if form.is_valid():
        try:
            program = services.start_pmt(actor=request.user, visit=page.visit, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("PMT dimulai."))
            return redirect_after_post(request, program)
    return _counselling_page(request, page, start_form=form)


def _pmt_page(request, pmt, *, distribution_form=None, finish_form=None):
    context = {"pmt": pmt, "patient": pmt.patient, "running": pmt.running, "distribution_form": distribution_form or DistributionForm(),
               "finish_form": finish_form or FinishForm(), "active_nav": "nutrition"}
    return render_page(request, "nutrition/pmt_detail.html", context)


def _running(pmt):
    if pmt.running is None:
        raise ValidationError(_(NO_RUNNING))
    return pmt.running


@require_GET
def pmt_detail(request, patient_pk: int):
    return _pmt_page(request, selectors.pmt_of_patient(user=request.user, patient_pk=patient_pk))


@require_POST
def distribution_add(request, patient_pk: int):
    pmt = selectors.pmt_of_patient(user=request.user, patient_pk=patient_pk)
    form = DistributionForm(request.POST)
    if form.is_valid():
        try:
            services.record_distribution(actor=request.user, program=_running(pmt), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Pemberian PMT tercatat."))
            return redirect_after_post(request, pmt.running)
    return _pmt_page(request, pmt, distribution_form=form)


@require_POST
def pmt_finish(request, patient_pk: int):
    pmt = selectors.pmt_of_patient(user=request.user, patient_pk=patient_pk)
    form = FinishForm(request.POST)
    if form.is_valid():
        try:
            program = services.finish_pmt(actor=request.user, program=_running(pmt), **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("PMT ditutup dengan hasilnya."))
            return redirect_after_post(request, program)
    return _pmt_page(request, pmt, finish_form=form)
