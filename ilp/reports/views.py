"""/laporan/: the standard reports for the user's area, downloaded as PDF, XLSX or CSV, and the DHIS2 export."""

from django.http import HttpResponse
from django.views.decorators.http import require_GET

from ilp.core.views import render_page

from . import selectors
from .definitions import catalogue
from .forms import PeriodForm, ReportForm, this_month
from .tables import ReportUnavailable


def _download(report_file) -> HttpResponse:
    response = HttpResponse(report_file.content, content_type=report_file.content_type)
    response["Content-Disposition"] = f'attachment; filename="{report_file.filename}"'
    return response


@require_GET
def report_index(request):
    form = ReportForm(request.GET or None, initial={"period": this_month(), "format": "pdf"})
    if form.is_valid():
        data = form.cleaned_data
        try:
            return _download(selectors.report_file(user=request.user, code=data["report"], month=data["period"],
                                                   fmt=data["format"]))
        except (ReportUnavailable, selectors.NoArea) as error:
            form.add_error(None, str(error))
    context = {"form": form, "dhis2_form": PeriodForm(initial={"period": this_month()}), "reports": catalogue().values(),
               "active_nav": "reports"}
    return render_page(request, "reports/index.html", context, status=400 if form.errors else 200)


@require_GET
def dhis2_download(request):
    form = PeriodForm(request.GET or None)
    if form.is_valid():
        try:
            return _download(selectors.dhis2_file(user=request.user, month=form.cleaned_data["period"]))
        except selectors.NoArea as error:
            form.add_error(None, str(error))
    context = {"form": ReportForm(initial={"period": this_month()}), "dhis2_form": form, "reports": catalogue().values(),
               "active_nav": "reports"}
    return render_page(request, "reports/index.html", context, status=400)
