"""Lab pages: the lab room's worklist, an order from a room, specimen, results, validation, sheet, CSV import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ilp.core.forms import add_service_errors
from ilp.core.views import redirect_after_post, render_page
from ilp.people import selectors as people_selectors
from ilp.visits import selectors as visit_selectors

from . import selectors, services, sheet
from .forms import ImportForm, OrderForm, ResultsForm, SpecimenForm
from .models import LabOrder


def worklist(request):
    context = {"waiting": selectors.worklist(user=request.user), "Status": LabOrder.Status,
               "done": selectors.order_list(user=request.user, status=LabOrder.Status.VALIDATED)[:15], "active_nav": "lab"}
    return render_page(request, "lab/worklist.html", context)


@require_http_methods(["GET", "POST"])
def order_create(request, entry_id: int):
    """The ordering room picks the tests; the patient is sent to the lab and comes back with the result."""
    entry = visit_selectors.entry_get(user=request.user, pk=entry_id)
    form = OrderForm(request.POST or None)
    if form.is_valid():
        try:
            order = services.order_from_entry(actor=request.user, entry=entry, tests=form.cleaned_data["tests"],
                                              clinical_note=form.cleaned_data["clinical_note"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Order %(number)s dibuat; pasien dikirim ke laboratorium.") % {"number": order.number})
            return redirect_after_post(request, reverse("visits:worklist", args=[entry.station.code]))
    return render_page(request, "lab/order_form.html", {"form": form, "entry": entry, "active_nav": "flow"},
                       status=400 if form.errors else 200)


def order_detail(request, pk: int, **bound):
    order = selectors.order_get(user=request.user, pk=pk)
    context = {"order": order, "active_nav": "lab",
               "specimen_form": bound.get("specimen_form") or SpecimenForm(),
               "results_form": bound.get("results_form") or ResultsForm(order=order)}
    return render_page(request, "lab/order_detail.html", context, status=400 if bound else 200)


@require_POST
def order_specimen(request, pk: int):
    order = selectors.order_get(user=request.user, pk=pk)
    form = SpecimenForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Periksa waktu pengambilan spesimen."))
        services.take_specimen(actor=request.user, order=order, taken_at=form.cleaned_data["taken_at"],
                               note=form.cleaned_data["note"])
    except ValidationError as error:
        form.add_error(None, error)
        return order_detail(request, pk, specimen_form=form)
    messages.success(request, _("Spesimen order %(number)s tercatat.") % {"number": order.number})
    return redirect_after_post(request, order)


@require_POST
def order_results(request, pk: int):
    order = selectors.order_get(user=request.user, pk=pk)
    form = ResultsForm(request.POST, order=order)
    try:
        services.enter_results(actor=request.user, order=order, values=form.values())
    except ValidationError as error:
        add_service_errors(form, error)
        return order_detail(request, pk, results_form=form)
    messages.success(request, _("Hasil order %(number)s tersimpan.") % {"number": order.number})
    return redirect_after_post(request, order)


@require_POST
def order_validate(request, pk: int):
    order = selectors.order_get(user=request.user, pk=pk)
    try:
        services.validate_order(actor=request.user, order=order)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Hasil order %(number)s divalidasi dan dikirim ke ruang pengirim.") % {"number": order.number})
    return redirect_after_post(request, order)


def order_sheet(request, pk: int):
    """The A4 result sheet: HTML to print, or the same as PDF (?format=pdf)."""
    order = selectors.order_get(user=request.user, pk=pk)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(sheet.render_pdf(order), content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{order.number}.pdf"'
        return response
    return render_page(request, "lab/sheet.html", {"order": order})


@require_http_methods(["GET", "POST"])
def import_results(request):
    facility = selectors.lab_facility(user=request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            orders = services.import_results_csv(actor=request.user, facility=facility,
                                                  content=form.content())
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Hasil %(n)s order diimpor dari berkas.") % {"n": len(orders)})
            return redirect("lab:worklist")
    return render_page(request, "lab/import.html", {"form": form, "active_nav": "lab"}, status=400 if form.errors else 200)


def patient_results(request, pk: int):
    patient = people_selectors.patient_get(user=request.user, pk=pk)
    orders = selectors.patient_results(user=request.user, patient=patient)
    return render_page(request, "lab/patient_results.html", {"patient": patient, "orders": orders, "active_nav": "lab"})
