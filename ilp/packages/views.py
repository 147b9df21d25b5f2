"""Record a service package for a patient, and read what was recorded."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ilp.core.views import redirect_after_post, render_page
from ilp.people import selectors as people_selectors
from ilp.visits import selectors as visit_selectors

from . import selectors, services
from .engine.forms import PackageForm
from .engine.loader import registry


def _visit(request, patient):
    visit_id = request.GET.get("kunjungan", "")
    if not visit_id.isdigit():
        return None
    visit = visit_selectors.visit_get(user=request.user, pk=int(visit_id))
    return visit if visit.patient_id == patient.pk else None


def _initial(package, visit) -> dict:
    """Pre-fill from the Pandu PTM measurements of this visit: measured once, never typed twice."""
    initial = {"service_date": timezone.localdate()}
    if visit:
        by_code = {o.code: o.value_quantity for o in visit.observations.filter(source="pandu_ptm")}
        from ilp.clinical.vitals import VITALS_BY_ID

        for field_def in package.fields:
            if field_def.from_vitals and VITALS_BY_ID[field_def.from_vitals].code in by_code:
                initial[field_def.id] = by_code[VITALS_BY_ID[field_def.from_vitals].code]
    return initial


@require_http_methods(["GET", "POST"])
def record(request, pk: int, package_id: str):
    patient = people_selectors.patient_get(user=request.user, pk=pk)
    package = registry().get(package_id)
    if not package:
        raise Http404(package_id)
    if package not in selectors.packages_for(patient=patient, pregnant=True):
        messages.error(request, _("Paket %(package)s tidak berlaku untuk pasien ini (umur/jenis kelamin).") % {"package": package.name})
        return redirect_after_post(request, patient)
    visit = _visit(request, patient)
    hidden = selectors.hidden_fields(package, patient=patient)
    form = PackageForm(request.POST or None, package=package, hidden=hidden, initial=_initial(package, visit))
    warnings = []
    if form.is_valid():
        try:
            saved = services.record_package(actor=request.user, patient=patient, package_id=package.id, values=form.values(),
                                            visit=visit, service_date=form.cleaned_data["service_date"],
                                            confirmed=form.cleaned_data["confirmed"])
        except services.NeedsConfirmation as error:
            warnings = error.warnings
            form.ask_confirmation()
            form.add_error(None, error)
        except ValidationError as error:
            form.add_error(None, error) if not hasattr(error, "error_dict") else _add_field_errors(form, error)
        else:
            messages.success(request, _("%(package)s tersimpan.") % {"package": package.name})
            return redirect_after_post(request, saved_url(saved))
    context = {"patient": patient, "package": package, "form": form, "warnings": warnings, "visit": visit,
               "active_nav": "people"}
    return render_page(request, "packages/record_form.html", context, status=400 if form.errors else 200)


def _add_field_errors(form, error: ValidationError) -> None:
    for field_id, messages_ in error.message_dict.items():
        form.add_error(field_id if field_id in form.fields else None, messages_)


def saved_url(saved) -> str:
    from django.urls import reverse

    return reverse("packages:record_detail", args=[saved.patient_id, saved.pk])


def _shown(field_def, value):
    """A stored value as the nurse entered it: the choice's label, Ya/Tidak for a yes/no question."""
    if field_def.type == "boolean":
        return _("Ya") if value in (True, "True", "true") else _("Tidak")
    if field_def.type == "choice":
        return next((c.label for c in field_def.choices if c.code == str(value)), value)
    return value


def record_detail(request, pk: int, record_pk: int):
    patient = people_selectors.patient_get(user=request.user, pk=pk)
    saved = get_object_or_404(selectors.record_list(patient=patient), pk=record_pk)
    package = registry().get(saved.package_id)
    fields = [(f, _shown(f, saved.values.get(f.id))) for f in package.fields
              if saved.values.get(f.id) not in (None, "")] if package else []
    context = {"patient": patient, "record": saved, "package": package, "fields": fields, "active_nav": "people"}
    return render_page(request, "packages/record_detail.html", context)
