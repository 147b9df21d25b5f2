"""Jejaring pages: members and their agreements, IQ-Care pathways stage by stage, the integration checklist."""

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ilp.core.views import redirect_after_post, render_page

from . import forms, selectors, services
from .choices import ChecklistArea, ChecklistStatus, Phase, Structure


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_GET
def home(request):
    members = list(selectors.member_list(user=request.user))
    attendance = selectors.workshop_attendance(members=members, since=timezone.localdate() - dt.timedelta(days=365))
    for member in members:
        member.attended, member.workshops_held = attendance[member.pk]
    by_structure = [(label, [m for m in members if m.structure == value]) for value, label in Structure.choices]
    context = {"by_structure": by_structure, "alerts": selectors.agreement_alerts(user=request.user),
               "pathways": selectors.pathway_list(user=request.user), "active_nav": "network"}
    return render_page(request, "network/home.html", context)


@require_http_methods(["GET", "POST"])
def member_create(request):
    selectors.require_head(request.user)
    form = forms.MemberForm(request.POST or None, puskesmas=request.user.facility)
    if form.is_valid():
        try:
            member = services.add_member(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("%(name)s masuk jejaring.") % {"name": member.name})
            return redirect_after_post(request, member)
    return render_page(request, "network/member_form.html", {"form": form, "active_nav": "network"},
                       status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def member_detail(request, pk: int):
    member = selectors.member_get(user=request.user, pk=pk)
    form = forms.AgreementForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            services.add_agreement(actor=request.user, member=member, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Dokumen kerja sama tersimpan."))
            return redirect_after_post(request, member)
    context = {"member": member, "agreements": member.agreements.all(), "form": form, "active_nav": "network"}
    return render_page(request, "network/member_detail.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def member_user(request, pk: int):
    """The kepala Puskesmas creates the login of a partner klinik's or DPM's doctor (decision 0020)."""
    selectors.require_head(request.user)
    member = selectors.member_get(user=request.user, pk=pk)
    form = forms.PartnerUserForm(request.POST or None)
    if form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "password_again"}
        try:
            user = services.create_partner_user(actor=request.user, member=member, **data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Akun %(username)s untuk %(name)s dibuat (peran dokter).")
                             % {"username": user.username, "name": member.name})
            return redirect_after_post(request, member)
    context = {"member": member, "form": form, "partner": member.kind in ("klinik", "dpm") and member.facility_id,
               "accounts": selectors.partner_users(member=member), "active_nav": "network"}
    return render_page(request, "network/member_user.html", context, status=400 if form.errors else 200)


@require_GET
def agreement_file(request, pk: int):
    agreement = selectors.agreement_get(user=request.user, pk=pk)
    if not agreement.file:
        raise Http404
    return FileResponse(agreement.file.open("rb"), as_attachment=True, filename=agreement.file.name.rsplit("/", 1)[-1])


@require_http_methods(["GET", "POST"])
def pathway_create(request):
    selectors.require_head(request.user)
    form = forms.PathwayForm(request.POST or None, user=request.user, initial={"indicator_code": "ht_terkendali"})
    if form.is_valid():
        try:
            pathway = services.open_pathway(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect_after_post(request, pathway)
    return render_page(request, "network/pathway_form.html", {"form": form, "active_nav": "network"},
                       status=400 if form.errors else 200)


# part slug: (form class, the service call)
PARTS = {
    "langkah": (forms.StepForm, lambda user, p, data: services.add_step(actor=user, pathway=p, **data)),
    "tim": (forms.TeamForm, lambda user, p, data: services.add_team_member(actor=user, pathway=p, **data)),
    "tugas": (forms.TaskForm, lambda user, p, data: services.assign_task(actor=user, pathway=p, **data)),
    "monitoring": (forms.MonitoringForm, None),
}


def _pathway_page(request, pathway, *, bound: tuple[str, object] | None = None):
    part_forms = {slug: (bound[1] if bound and bound[0] == slug else
                         (form() if slug == "monitoring" else form(pathway=pathway)))
                  for slug, (form, _call) in PARTS.items()}
    today = timezone.localdate()
    code = pathway.indicator_code
    order = {phase: n for n, phase in enumerate(Phase.values)}  # promotive first, palliative last (seed 000)
    context = {"pathway": pathway, "forms": part_forms, "active_nav": "network",
               "steps": sorted(pathway.steps.all(), key=lambda step: (order[step.phase], step.pk)),
               "indicator": dict(selectors.priority_indicators()).get(code, code),
               "now": selectors.indicator_figure(puskesmas=pathway.puskesmas, code=code, year=today.year, month=today.month),
               "served": selectors.served_by_facility(puskesmas=pathway.puskesmas, code=code, year=today.year, month=today.month),
               "task_statuses": forms.TaskStatusForm.base_fields["status"].choices}
    return render_page(request, "network/pathway_detail.html", context, status=400 if bound else 200)


@require_GET
def pathway_detail(request, pk: int):
    return _pathway_page(request, selectors.pathway_get(user=request.user, pk=pk))


@require_POST
def pathway_part(request, pk: int, step: str):
    part = step
    pathway = selectors.pathway_get(user=request.user, pk=pk)
    if part not in PARTS:
        raise Http404(part)
    form_class, call = PARTS[part]
    form = form_class(request.POST) if part == "monitoring" else form_class(request.POST, pathway=pathway)
    if form.is_valid():
        try:
            if part == "monitoring":
                services.record_monitoring(actor=request.user, pathway=pathway, **form.kwargs())
            else:
                call(request.user, pathway, form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return redirect_after_post(request, pathway.get_absolute_url() + f"#{part}")
    return _pathway_page(request, pathway, bound=(part, form))


@require_POST
def task_status(request, pk: int):
    task = selectors.task_get(user=request.user, pk=pk)
    form = forms.TaskStatusForm(request.POST)
    if form.is_valid():
        services.set_task_status(actor=request.user, task=task, status=form.cleaned_data["status"])
    return redirect_after_post(request, task.pathway.get_absolute_url() + "#tugas")


@require_GET
def checklist(request):
    context = {"rows": selectors.checklist(user=request.user), "areas": ChecklistArea.choices,
               "statuses": ChecklistStatus.choices, "active_nav": "network"}
    return render_page(request, "network/checklist.html", context)


@require_POST
def checklist_set(request, pk: int):
    facility = selectors.checklist_facility_get(user=request.user, pk=pk)
    form = forms.ChecklistForm(request.POST)
    if form.is_valid():
        try:
            services.set_checklist_item(actor=request.user, facility=facility, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    else:
        messages.error(request, _("Pilih aspek dan status yang tersedia."))
    return redirect_after_post(request, reverse("network:checklist") + f"#f{facility.pk}")
