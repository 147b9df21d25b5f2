"""Edge validation for surveillance: a case entered by hand, the response to an alert, the weekly page's filter."""

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ilp.core.forms import DateInput, StyledForm

from .diseases import diseases
from .models import Alert

UNKNOWN_DISEASE = _("Pilih penyakit dari daftar SKDR.")
COUNT_POSITIVE = _("Jumlah kasus minimal 1.")
NOT_NEGATIVE = _("Jumlah tidak boleh negatif.")
BAD_WEEK = _("Minggu ditulis seperti 2026-W47.")


def _date(label):
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate)


class CaseForm(StyledForm):
    disease = forms.ChoiceField(label=_("Penyakit (SKDR)"), error_messages={"invalid_choice": UNKNOWN_DISEASE})
    desa = forms.ModelChoiceField(label=_("Desa"), queryset=None, empty_label="—")
    reported_on = _date(_("Tanggal (kasus ditemukan)"))
    count = forms.IntegerField(label=_("Jumlah kasus"), initial=1, min_value=1,
                               error_messages={"min_value": COUNT_POSITIVE})
    deaths = forms.IntegerField(label=_("Jumlah meninggal"), initial=0, min_value=0,
                                error_messages={"min_value": NOT_NEGATIVE})
    note = forms.CharField(label=_("Catatan"), required=False, max_length=500)

    def __init__(self, *args, desa, patient=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["disease"].choices = [("", "—")] + [(d.code, f"{d.code} · {d.name}") for d in diseases().values()]
        self.fields["desa"].queryset = desa
        if patient is not None:
            self.fields["desa"].initial = patient.desa_id
            self.fields["count"].widget = forms.HiddenInput()


class AlertVerifyForm(StyledForm):
    note = forms.CharField(label=_("Catatan verifikasi"), required=False, max_length=500)


class AlertInvestigateForm(StyledForm):
    started_on = _date(_("Tanggal mulai penyelidikan epidemiologi"))
    note = forms.CharField(label=_("Temuan penyelidikan"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000)


class AlertCloseForm(StyledForm):
    closed_on = _date(_("Tanggal selesai"))
    conclusion = forms.ChoiceField(label=_("Kesimpulan"), choices=[("", "—"), *Alert.Conclusion.choices])


def parse_week(value: str) -> dt.date | None:
    """'2026-W47' (as <input type=week> sends it) to a day of that week; None when empty or wrong."""
    match = re.fullmatch(r"(\d{4})-W(\d{1,2})", value or "")
    if not match:
        return None
    try:
        return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        return None
