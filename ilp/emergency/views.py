"""UGD pages: the 24-hour board, arrival, and a case with its steps (triage to disposition)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ilp.core.views import redirect_after_post, render_page
from ilp.inpatient import selectors as inpatient_selectors
from ilp.inpatient.forms import add_service_error
from ilp.people import selectors as people_selectors
from ilp.visits.selectors import flow_facility

from . import forms, selectors, services

RENAME = {"diagnosis_code": "code", "reason": "note", "complaint": "complaint"}


def _identify(user, case, d):
    patient = people_selectors.patient_get(user=user, pk=d["patient_id"])
    return services.identify_patient(actor=user, case=case, patient=patient, payer=d["payer"])


# step slug: (form, service call, message on success)
STEPS = {
    "triase": (forms.TriageForm, lambda user, case, f: services.triage_case(
        actor=user, case=case, level=f.cleaned_data["level"], values=f.values()), gettext_lazy("Triase tersimpan.")),
    "periksa": (forms.ExaminationForm, lambda user, case, f: services.record_examination(
        actor=user, case=case, anamnesis=f.cleaned_data["anamnesis"], examination=f.cleaned_data["examination"],
        treatment=f.cleaned_data["treatment"], diagnosis_code=f.cleaned_data["code"]), gettext_lazy("Rekam UGD tersimpan.")),
    "observasi": (forms.ObservationForm, lambda user, case, f: services.add_observation(
        actor=user, case=case, note=f.cleaned_data["note"], values=f.values(), at=f.cleaned_data["at"]),
                  gettext_lazy("Observasi tersimpan.")),
    "identitas": (forms.IdentifyForm, lambda user, case, f: _identify(user, case, f.cleaned_data),
                  gettext_lazy("Identitas pasien tercatat; kunjungan UGD ini kini atas namanya.")),
    "disposisi": (forms.DispositionForm, lambda user, case, f: services.dispose_case(
        actor=user, case=case, disposition=f.cleaned_data["disposition"], note=f.cleaned_data["note"],
        bed=f.cleaned_data["bed"], hospital=f.cleaned_data["hospital"], to_pharmacy=f.cleaned_data["to_pharmacy"]),
                  gettext_lazy("Disposisi tersimpan; pasien keluar dari UGD.")),
}


def board(request):
    context = {**selectors.board(user=request.user), "active_nav": "ugd"}
    return render_page(request, "emergency/board.html", context, fragment="rows" if request.GET.get("poll") else None)


@require_http_methods(["GET", "POST"])
def arrive(request):
    facility = flow_facility(user=request.user)
    ticket = request.GET.get("tiket", "")
    entry = selectors.waiting_ticket(user=request.user, visit_pk=int(ticket)) if ticket.isdigit() else None
    form = forms.ArrivalForm(request.POST or None)
    if form.is_valid():
        try:
            case = services.start_arrival(actor=request.user, facility=facility, visit=entry.visit if entry else None,
                                          **form.cleaned_data)
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s diterima di UGD (nomor %(number)s).") % {"name": case.label, "number": case.visit.number})
            return redirect_after_post(request, case)
    return render_page(request, "emergency/arrive.html", {"form": form, "entry": entry, "active_nav": "ugd"})


def _forms(case, bound: tuple[str, object] | None = None) -> dict:
    if not case.is_open:
        step_forms = {}
        if not case.visit.patient_id:
            step_forms["identitas"] = forms.IdentifyForm()
    else:
        beds = inpatient_selectors.free_beds(facility=case.facility)
        step_forms = {"triase": forms.TriageForm(initial={"level": case.triage_level}), "periksa": forms.ExaminationForm(initial={
            "anamnesis": case.anamnesis, "examination": case.examination, "treatment": case.treatment, "code": case.diagnosis_code}),
            "observasi": forms.ObservationForm(), "disposisi": forms.DispositionForm(beds=beds)}
        if not case.visit.patient_id:
            step_forms["identitas"] = forms.IdentifyForm()
    if bound:
        step_forms[bound[0]] = bound[1]
    return step_forms


def _detail(request, case, bound=None, status: int = 200):
    search = request.GET.get("q", "")
    context = {"case": case, "step_forms": _forms(case, bound), "rounds": selectors.observation_rounds(case=case),
               "search": search, "active_nav": "ugd",
               "candidates": people_selectors.patient_list(user=request.user, search=search)[:8] if search.strip() else []}
    return render_page(request, "emergency/case_detail.html", context, status=status)


def case_detail(request, pk: int):
    return _detail(request, selectors.case_get(user=request.user, pk=pk))


@require_POST
def case_step(request, pk: int, step: str):
    """One step on a UGD case; a refused step re-renders the page with what was typed and the reason."""
    if step not in STEPS:
        raise Http404(step)
    case = selectors.case_get(user=request.user, pk=pk)
    form_class, call, done = STEPS[step]
    kwargs = {"beds": inpatient_selectors.free_beds(facility=case.facility)} if form_class is forms.DispositionForm else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            call(request.user, case, form)
        except ValidationError as error:
            add_service_error(form, error, rename=RENAME)
            case.refresh_from_db()  # the refused step was rolled back; show the case as it is stored
        else:
            messages.success(request, done)
            return redirect_after_post(request, case)
    return _detail(request, case, bound=(step, form), status=400)
