"""The download form of /laporan/: which report, which month, which format."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ilp.core.forms import StyledForm

from .definitions import catalogue
from .tables import Month

FORMAT_CHOICES = [("pdf", _("PDF (A4, siap cetak)")), ("xlsx", _("Excel (XLSX)")), ("csv", _("CSV"))]


class MonthInput(forms.TextInput):
    input_type = "month"


def _report_choices():
    return [(code, report.name) for code, report in catalogue().items()]


def this_month() -> str:
    today = timezone.localdate()
    return f"{today.year:04d}-{today.month:02d}"


class PeriodForm(StyledForm):
    period = forms.CharField(label=_("Bulan"), widget=MonthInput)

    def clean_period(self) -> Month:
        try:
            return Month.parse(self.cleaned_data["period"])
        except ValueError:
            raise ValidationError(_("Pilih bulan laporan (tahun dan bulan).")) from None


class ReportForm(PeriodForm):
    report = forms.ChoiceField(label=_("Laporan"), choices=_report_choices)
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="pdf")
    field_order = ["report", "period", "format"]
