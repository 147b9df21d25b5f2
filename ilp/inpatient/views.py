"""Rawat inap pages: bed board, admission, a stay (notes, vitals chart, discharge), resume, occupancy."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ilp.core.views import redirect_after_post, render_page
from ilp.people import selectors as people_selectors
from ilp.visits import selectors as visit_selectors
from ilp.visits.selectors import flow_facility

from . import forms, selectors, services

STEPS = {
    "catatan": (forms.DailyNoteForm, lambda user, a, d: services.write_daily_note(actor=user, admission=a, **d),
                gettext_lazy("Catatan harian tersimpan.")),
    "vital": (forms.WardVitalsForm, lambda user, a, d: services.record_ward_vitals(
        actor=user, admission=a, measured_at=d["measured_at"], values={k: d.get(k) for k in services.WARD_VITALS}),
              gettext_lazy("Tanda vital tersimpan.")),
    "pindah": (forms.MoveBedForm, lambda user, a, d: services.move_bed(actor=user, admission=a, bed=d["bed"]),
               gettext_lazy("Pasien dipindah ke tempat tidur lain.")),
    "pulang": (forms.DischargeForm, lambda user, a, d: services.discharge_patient(actor=user, admission=a, **d),
               gettext_lazy("Pasien dipulangkan; resume pulang siap dicetak.")),
}


def _month(request) -> tuple[int, int]:
    today = timezone.localdate()
    raw = request.GET.get("bulan", "")
    if len(raw) == 7 and raw[4] == "-" and raw[:4].isdigit() and raw[5:].isdigit() and 1 <= int(raw[5:]) <= 12:
        return int(raw[:4]), int(raw[5:])
    return today.year, today.month


def ward_board(request):
    status = request.GET.get("status", "dirawat")
    context = {"wards": selectors.ward_list(user=request.user), "status": status,
               "admissions": selectors.admission_list(user=request.user, status=status)[:50], "active_nav": "inpatient"}
    return render_page(request, "inpatient/board.html", context)


@require_http_methods(["GET", "POST"])
def admit(request):
    facility = flow_facility(user=request.user)
    search, chosen = request.GET.get("q", ""), request.GET.get("pasien", "")
    patient = people_selectors.patient_get(user=request.user, pk=int(chosen)) if chosen.isdigit() else None
    visit_pk = request.GET.get("kunjungan", "")  # admitted from a klaster room: the stay keeps its visit
    visit = visit_selectors.visit_get(user=request.user, pk=int(visit_pk)) if visit_pk.isdigit() and patient else None
    form = forms.AdmitFromRoomForm(request.POST or None, beds=selectors.free_beds(facility=facility),
                                   initial={"patient_id": patient.pk if patient else None})
    if form.is_valid():
        data = form.cleaned_data
        patient = people_selectors.patient_get(user=request.user, pk=data["patient_id"])
        try:
            admission = services.admit_patient(
                actor=request.user, facility=facility, patient=patient, bed=data["bed"], reason=data["reason"],
                source=data["source"], diagnosis_code=data["code"], admitted_at=data["admitted_at"],
                visit=visit if visit and visit.patient_id == patient.pk else None)
        except ValidationError as error:
            forms.add_service_error(form, error)
        else:
            messages.success(request, _("%(name)s dirawat di %(bed)s.") % {"name": patient.name, "bed": admission.bed})
            return redirect_after_post(request, admission)
    candidates = people_selectors.patient_list(user=request.user, search=search)[:8] if search.strip() else []
    context = {"form": form, "patient": patient, "search": search, "candidates": candidates,
               "has_wards": selectors.has_wards(facility=facility), "facility": facility, "active_nav": "inpatient"}
    return render_page(request, "inpatient/admit.html", context)


def _detail_context(request, admission, bound: tuple[str, object] | None = None) -> dict:
    beds = selectors.free_beds(facility=admission.facility)
    step_forms = {}
    if admission.is_open:
        step_forms = {"catatan": forms.DailyNoteForm(), "vital": forms.WardVitalsForm(),
                      "pindah": forms.MoveBedForm(beds=beds), "pulang": forms.DischargeForm()}
        if bound:
            step_forms[bound[0]] = bound[1]
    return {"admission": admission, "notes": admission.notes.select_related("author"), "chart": selectors.vital_chart(admission=admission),
            "step_forms": step_forms, "active_nav": "inpatient"}


def admission_detail(request, pk: int):
    admission = selectors.admission_get(user=request.user, pk=pk)
    return render_page(request, "inpatient/admission_detail.html", _detail_context(request, admission))


@require_POST
def admission_step(request, pk: int, step: str):
    """One step on a stay (note, vitals, move bed, discharge); a refused step keeps what was typed."""
    if step not in STEPS:
        raise Http404(step)
    admission = selectors.admission_get(user=request.user, pk=pk)
    form_class, call, done = STEPS[step]
    kwargs = {"beds": selectors.free_beds(facility=admission.facility)} if form_class is forms.MoveBedForm else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            data = form.service_kwargs() if hasattr(form, "service_kwargs") else form.cleaned_data
            call(request.user, admission, data)
        except ValidationError as error:
            forms.add_service_error(form, error)
            admission.refresh_from_db()  # the refused step was rolled back; show the stay as it is stored
        else:
            messages.success(request, done)
            return redirect_after_post(request, admission)
    context = _detail_context(request, admission, bound=(step, form))
    return render_page(request, "inpatient/admission_detail.html", context, status=400)


def discharge_summary(request, pk: int):
    admission = selectors.admission_get(user=request.user, pk=pk)
    if admission.is_open:
        raise Http404(_("Resume pulang dibuat setelah pasien pulang."))
    context = {"admission": admission, "chart": selectors.vital_chart(admission=admission),
               "notes": admission.notes.select_related("author")}
    return render_page(request, "inpatient/discharge_summary.html", context)


def occupancy(request):
    year, month = _month(request)
    figures = selectors.occupancy_for(user=request.user, year=year, month=month)
    return render_page(request, "inpatient/occupancy.html", {"figures": figures, "month": f"{year:04d}-{month:02d}",
                                                             "active_nav": "inpatient"})
