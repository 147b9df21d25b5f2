"""The TB register: list, terduga entry, a case's steps, and the contact investigation of an index case."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ilp.core.forms import add_service_errors
from ilp.core.views import paginate, redirect_after_post, render_page
from ilp.packages import selectors as package_selectors
from ilp.people import selectors as people_selectors

from . import forms, selectors, services
from .models import TbCase, TbContact
from .services.cases import LAB, TREATERS

AGGREGATES_ONLY = "Peran Anda hanya melihat data agregat, bukan data pasien."

# step slug: (form, roles allowed, when the step is open for the case, the service call)
CASE_STEPS = {
    "tes": (forms.TestOrderForm, services.CLINICIANS, lambda c: c.is_open,
            lambda user, case, f: services.order_test(actor=user, case=case, **f.kwargs())),
    "hasil": (forms.TestResultForm, LAB, lambda c: c.tests.filter(result="").exists(),
              lambda user, case, f: services.record_test_result(actor=user, test=f.cleaned_data["test"],
                                                                result=f.cleaned_data["result"], result_on=f.cleaned_data["result_on"])),
    "diagnosis": (forms.DiagnosisForm, services.DOCTORS, lambda c: c.is_open and not c.diagnosis,
                  lambda user, case, f: services.record_diagnosis(actor=user, case=case, **f.kwargs())),
    "pengobatan": (forms.TreatmentForm, TREATERS, lambda c: c.stage == TbCase.Stage.TBC,
                   lambda user, case, f: services.start_treatment(actor=user, case=case, **f.kwargs())),
    "hasil-pengobatan": (forms.OutcomeForm, TREATERS, lambda c: c.stage == TbCase.Stage.PENGOBATAN,
                         lambda user, case, f: services.record_outcome(actor=user, case=case, **f.kwargs())),
}
CONTACT_STEPS = {
    "skrining": (forms.ContactScreenForm, services.CONTACT_TRACERS, lambda c: True,
                 lambda user, contact, f: services.screen_contact(actor=user, contact=contact, **f.kwargs())),
    "tes": (forms.ContactTestForm, LAB, lambda c: bool(c.screened_on),
            lambda user, contact, f: services.record_contact_tests(actor=user, contact=contact, **f.kwargs())),
    "keputusan": (forms.ContactDecisionForm, services.DOCTORS, lambda c: bool(c.screened_on) and not c.decision,
                  lambda user, contact, f: services.decide_contact(actor=user, contact=contact, **f.kwargs())),
    "tpt": (forms.TptForm, services.CLINICIANS, lambda c: c.decision == TbContact.Decision.TPT and not c.tpt_started_on,
            lambda user, contact, f: services.start_tpt(actor=user, contact=contact, **f.kwargs())),
}


def _require_patients(user) -> None:
    if not user.sees_patients:
        raise PermissionDenied(_(AGGREGATES_ONLY))


def _form(step_form, data, case):
    return step_form(data, case=case) if step_form is forms.TestResultForm else step_form(data)


def _open_steps(steps: dict, obj, user, *, bound: tuple[str, object] | None = None, case=None) -> dict:
    """The forms of the steps this user may take now; a step that failed keeps what was typed."""
    return {slug: (bound[1] if bound and bound[0] == slug else _form(form, None, case))
            for slug, (form, roles, is_open, _call) in steps.items() if user.role in roles and is_open(obj)}


@require_GET
def case_list(request):
    _require_patients(request.user)
    stage, search = request.GET.get("tahap", ""), request.GET.get("cari", "")
    context = {"page": paginate(request, selectors.case_list(user=request.user, stage=stage)), "stage": stage,
               "stages": TbCase.Stage.choices, "worklist": selectors.presumptive_worklist(user=request.user),
               "search": search, "query": f"tahap={stage}" if stage else "", "active_nav": "tb",
               "candidates": people_selectors.patient_list(user=request.user, search=search)[:8] if search.strip() else []}
    return render_page(request, "tb/case_list.html", context, fragment="rows")


@require_http_methods(["GET", "POST"])
def case_create(request, patient_pk: int):
    _require_patients(request.user)
    patient = people_selectors.patient_get(user=request.user, pk=patient_pk)
    record_pk = request.GET.get("skrining", "")
    screening = (get_object_or_404(package_selectors.record_list(patient=patient, package_id="tbc_skrining"), pk=record_pk)
                 if record_pk.isdigit() else None)
    initial = {"source": TbCase.Source.SKRINING, "presumptive_on": screening.service_date} if screening else {}
    form = forms.PresumptiveForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            case = services.register_presumptive(actor=request.user, patient=patient, screening=screening, **form.kwargs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Terduga TBC tercatat di register."))
            return redirect_after_post(request, case)
    context = {"form": form, "patient": patient, "screening": screening, "active_nav": "tb"}
    return render_page(request, "tb/case_form.html", context, status=400 if form.errors else 200)


def _case_page(request, case, *, bound=None, status=200):
    context = {"case": case, "tests": selectors.case_tests(case=case), "contacts": selectors.case_contacts(case=case),
               "progress": selectors.contact_progress(case=case), "active_nav": "tb",
               "steps": _open_steps(CASE_STEPS, case, request.user, bound=bound, case=case)}
    return render_page(request, "tb/case_detail.html", context, status=status)


@require_GET
def case_detail(request, pk: int):
    _require_patients(request.user)
    return _case_page(request, selectors.case_get(user=request.user, pk=pk))


@require_POST
def case_step(request, pk: int, step: str):
    _require_patients(request.user)
    case = selectors.case_get(user=request.user, pk=pk)
    return _take_step(request, CASE_STEPS, step, case, lambda **kw: _case_page(request, case, **kw), case=case)


@require_http_methods(["GET", "POST"])
def contact_create(request, pk: int):
    _require_patients(request.user)
    case = selectors.case_get(user=request.user, pk=pk)
    search = request.GET.get("cari", "")
    candidates = list(people_selectors.patient_list(user=request.user, search=search)[:8]) if search.strip() else []
    form = forms.ContactForm(request.POST or None, desa=selectors.desa_choices(user=request.user), candidates=candidates)
    if form.is_valid():
        try:
            patient = (people_selectors.patient_get(user=request.user, pk=form.cleaned_data["patient"])
                       if form.cleaned_data["patient"] else None)
            contact = services.add_contact(actor=request.user, index_case=case, relation=form.cleaned_data["relation"],
                                           listed_on=form.cleaned_data["listed_on"], patient=patient, new_person=form.new_person())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s didata sebagai kontak.") % {"name": contact.patient.name})
            return redirect_after_post(request, case)
    context = {"case": case, "form": form, "search": search, "candidates": candidates, "active_nav": "tb"}
    return render_page(request, "tb/contact_form.html", context, status=400 if form.errors else 200)


def _contact_page(request, contact, *, bound=None, status=200):
    context = {"contact": contact, "case": contact.index_case, "active_nav": "tb",
               "steps": _open_steps(CONTACT_STEPS, contact, request.user, bound=bound)}
    return render_page(request, "tb/contact_detail.html", context, status=status)


@require_GET
def contact_detail(request, pk: int):
    _require_patients(request.user)
    return _contact_page(request, selectors.contact_get(user=request.user, pk=pk))


@require_POST
def contact_step(request, pk: int, step: str):
    _require_patients(request.user)
    contact = selectors.contact_get(user=request.user, pk=pk)
    return _take_step(request, CONTACT_STEPS, step, contact, lambda **kw: _contact_page(request, contact, **kw))


def _take_step(request, steps: dict, step: str, target, page, *, case=None):
    """Validate the step's form and call its service; errors re-render the page with what was typed."""
    if step not in steps:
        raise PermissionDenied(step)
    step_form, roles, is_open, call = steps[step]
    if request.user.role not in roles or not is_open(target):
        raise PermissionDenied(_("Langkah ini tidak dapat dilakukan sekarang."))
    form = _form(step_form, request.POST, case)
    if form.is_valid():
        try:
            call(request.user, target, form)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Tersimpan."))
            return redirect_after_post(request, target)
    return page(bound=(step, form), status=400)


