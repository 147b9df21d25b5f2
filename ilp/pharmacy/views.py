"""Farmasi pages: the prescription worklist, dispensing, writing a prescription, stock, stock in,
distribution to a Pustu, stock opname and the stock card."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from ilp.core.views import redirect_after_post, render_page
from ilp.visits.routing import routing

from . import catalogue, forms, selectors, services
from .models import Prescription


def _context(request, **extra) -> dict:
    return {"active_nav": "pharmacy", "can_keep_stock": selectors.can_keep_stock(request.user),
            "today": timezone.localdate(), "warning_days": selectors.EXPIRY_WARNING_DAYS, **extra}


@require_GET
def worklist(request):
    facility = selectors.pharmacy_facility(user=request.user)
    waiting = selectors.prescription_list(user=request.user)
    visit = request.GET.get("kunjungan", "")
    if visit.isdigit():
        waiting = waiting.filter(visit_id=int(visit))
    done = selectors.prescription_list(user=request.user, status=Prescription.Status.DISPENSED).filter(
        dispensed_at__date=timezone.localdate()).order_by("-dispensed_at")[:20]
    return render_page(request, "pharmacy/worklist.html", _context(
        request, facility=facility, waiting=waiting, done=done, warnings=selectors.expiry_warnings(facility=facility)))


@require_http_methods(["GET", "POST"])
def dispense(request, pk: int):
    prescription = selectors.prescription_get(user=request.user, pk=pk)
    facility = prescription.facility
    if request.method == "POST":
        selectors.dispensing_facility(user=request.user)
        try:
            services.dispense_prescription(actor=request.user, prescription=prescription)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Obat resep %(number)s sudah diserahkan.") % {"number": prescription.number})
            return redirect_after_post(request, reverse("pharmacy:worklist"))
    stock = {line.drug.code: line for line in selectors.stock_lines(facility=facility)}
    items = [(item, catalogue.drug_get(item.drug_code), stock.get(item.drug_code)) for item in prescription.items.all()]
    return render_page(request, "pharmacy/dispense.html", _context(
        request, prescription=prescription, items=items, can_dispense=selectors.can_dispense(request.user)),
        status=400 if request.method == "POST" else 200)


def _safe_next(request, fallback: str) -> str:
    target = request.GET.get("next", "")
    return target if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) else fallback


@require_http_methods(["GET", "POST"])
def prescribe(request, visit_id: int):
    visit = selectors.visit_for_prescribing(user=request.user, visit_id=visit_id)
    room = request.GET.get("ruang", "")
    room = room if room in routing().stations else ""  # only a room of the flow, never free text
    formset = forms.PrescriptionFormSet(request.POST or None)
    if request.method == "POST" and formset.is_valid():
        try:
            services.prescribe(actor=request.user, visit=visit, items=formset.items(), station_code=room)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Resep dikirim ke farmasi."))
            return redirect_after_post(request, _safe_next(request, visit.get_absolute_url()))
    return render_page(request, "pharmacy/prescribe.html", _context(
        request, visit=visit, formset=formset, room=room, prescriptions=selectors.visit_prescriptions(visit=visit)),
        status=400 if request.method == "POST" else 200)


@require_GET
def stock(request):
    facility = selectors.pharmacy_facility(user=request.user)
    held = request.GET.get("semua") != "1"
    return render_page(request, "pharmacy/stock.html", _context(
        request, facility=facility, lines=selectors.stock_lines(facility=facility, only_held=held), held=held,
        warnings=selectors.expiry_warnings(facility=facility), opnames=selectors.opname_list(facility=facility)))


def _stock_form_page(request, *, template: str, form, perform, success: str):
    """The three stock forms share one shape: validate, call the service, keep the input on error."""
    if request.method == "POST" and form.is_valid():
        try:
            perform(form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, success)
            return redirect_after_post(request, reverse("pharmacy:stock"))
    return render_page(request, template, _context(request, form=form),
                       status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def receive(request):
    facility = selectors.stock_facility(user=request.user)
    form = forms.ReceiveForm(request.POST or None, initial={"received_on": timezone.localdate()})
    return _stock_form_page(request, template="pharmacy/receive.html", form=form, success=_("Penerimaan obat dicatat."),
                            perform=lambda data: services.receive_stock(actor=request.user, facility=facility, **data))


@require_http_methods(["GET", "POST"])
def transfer(request):
    facility = selectors.stock_facility(user=request.user)
    pustu = selectors.pustu_choices(facility=facility)
    if not pustu.exists():
        raise PermissionDenied(_("Fasilitas ini tidak punya Pustu untuk didistribusi."))
    form = forms.TransferForm(request.POST or None, pustu=pustu)
    return _stock_form_page(request, template="pharmacy/transfer.html", form=form, success=_("Distribusi ke Pustu dicatat."),
                            perform=lambda data: services.transfer_stock(actor=request.user, source=facility, **data))


@require_http_methods(["GET", "POST"])
def opname(request):
    facility = selectors.stock_facility(user=request.user)
    form = forms.OpnameForm(request.POST or None, batches=selectors.batch_list(facility=facility),
                            initial={"counted_on": timezone.localdate()})
    return _stock_form_page(request, template="pharmacy/opname.html", form=form, success=_("Hasil stok opname dicatat."),
                            perform=lambda data: services.record_opname(
                                actor=request.user, facility=facility, counts=form.counts(),
                                counted_on=data["counted_on"], note=data["note"]))


@require_GET
def stock_card(request, drug: str):
    facility = selectors.pharmacy_facility(user=request.user)
    today = timezone.localdate()
    form = forms.StockCardForm(request.GET or None, initial={"start": today.replace(day=1), "end": today})
    start, end = today.replace(day=1), today
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    if end < start:
        start, end = end, start
    card = selectors.stock_card(facility=facility, drug_code=drug, start=start, end=end)
    return render_page(request, "pharmacy/stock_card.html", _context(
        request, facility=facility, form=form, start=start, end=end, **card,
        printed=timezone.localtime()))
