"""A child's immunisation card (record a dose there), and the due/overdue list of a desa or Posyandu."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ilp.core.views import redirect_after_post, render_page
from ilp.facilities import selectors as facility_selectors
from ilp.facilities.models import Facility
from ilp.people import selectors as people_selectors
from ilp.regions import selectors as region_selectors

from . import selectors, services
from .forms import DueListForm, RecordImmunizationForm
from .schedule import current_schedule


def _require_patients(user) -> None:
    if not user.sees_patients:
        raise PermissionDenied(_("Peran Anda hanya melihat data agregat, bukan data pasien."))


def _record_form(request, patient):
    if request.user.role not in services.VACCINATORS:
        return None
    given = {(i.vaccine, i.dose) for i in selectors.immunization_list(user=request.user, patient=patient)}
    facilities = facility_selectors.facility_list(user=request.user).exclude(kind=Facility.Kind.FKRTL)
    return RecordImmunizationForm(request.POST or None, schedule=current_schedule(), patient=patient, given=given,
                                  facilities=facilities, initial={"facility": request.user.facility_id})


@require_http_methods(["GET", "POST"])
def card(request, pk: int):
    _require_patients(request.user)
    patient = people_selectors.patient_get(user=request.user, pk=pk)
    form = _record_form(request, patient)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(_(services.NOT_ALLOWED))
        if form.is_valid():
            try:
                given = services.record_immunization(actor=request.user, patient=patient, **form.cleaned())
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(request, _("%(dose)s tercatat.") % {"dose": given.dose_code})
                for warning in given.warnings:
                    messages.warning(request, warning)
                return redirect_after_post(request, reverse("immunization:card", args=[patient.pk]))
    context = {"patient": patient, "card": selectors.immunization_card(user=request.user, patient=patient), "form": form,
               "active_nav": "people"}
    return render_page(request, "immunization/card.html", context, status=400 if form and form.errors else 200)


@require_GET
def due_list(request):
    _require_patients(request.user)
    desa = region_selectors.wilayah_desa(user=request.user)
    form = DueListForm(request.GET or None, desa=desa, posyandu=facility_selectors.facility_list(user=request.user,
                                                                                                 kind="posyandu"))
    chosen = form.cleaned_data if form.is_valid() else {}
    cards = selectors.due_list(user=request.user, desa=chosen.get("desa"), posyandu=chosen.get("posyandu"))
    context = {"form": form, "cards": cards, "active_nav": "people"}
    return render_page(request, "immunization/due_list.html", context, fragment="rows")
