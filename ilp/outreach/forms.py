"""Edge validation for the Posyandu pages; messages a kader understands."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from ilp.core.forms import DateInput, StyledForm

from .choices import Meja, Weekday


class OpenSessionForm(StyledForm):
    date = forms.DateField(label=_("Tanggal"), widget=DateInput())


class RegisterForm(StyledForm):
    patient = forms.IntegerField(widget=forms.HiddenInput)
    has_buku_kia = forms.BooleanField(label=_("Membawa Buku KIA/KMS"), required=False)


class StepForm(forms.Form):
    meja = forms.ChoiceField(choices=Meja.choices)
    skipped = forms.BooleanField(required=False)


class ReferForm(StyledForm):
    reason = forms.CharField(label=_("Alasan rujukan / tindak lanjut"), max_length=500)


class MonthForm(forms.Form):
    """?bulan=2026-06; an empty or wrong value means this month."""

    bulan = forms.CharField(required=False)

    def month(self, today: dt.date) -> tuple[int, int]:
        text = (self.data.get("bulan") or "").strip()
        try:
            year, month = (int(x) for x in text.split("-")[:2])
            dt.date(year, month, 1)
        except ValueError:
            return today.year, today.month
        return year, month


class FamilySurveyForm(StyledForm):
    """The PIS-PK family form: 12 indicators, each Ya / Tidak / Tidak berlaku (9–12 always apply)."""

    visit_date = forms.DateField(label=_("Tanggal kunjungan"), widget=DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .pispk import INDICATORS, NA, TIDAK, YA

        for n, indicator in enumerate(INDICATORS, start=1):
            choices = [(YA, _("Ya")), (TIDAK, _("Tidak"))] + ([] if indicator.always else [(NA, _("Tidak berlaku"))])
            self.fields[indicator.code] = forms.ChoiceField(
                label=f"{n}. {indicator.label}", choices=choices, widget=forms.RadioSelect,
                help_text=_("Berlaku bila: %(when)s") % {"when": indicator.applies_when})

    def answers(self) -> dict[str, str]:
        from .pispk import INDICATORS

        return {i.code: self.cleaned_data[i.code] for i in INDICATORS}


class WhatsAppForm(StyledForm):
    number = forms.CharField(label=_("Nomor WhatsApp Anda"), max_length=20, help_text=_("Contoh: 0812 3456 7890"))


class ScheduleForm(StyledForm):
    week_of_month = forms.IntegerField(label=_("Minggu ke"), min_value=1, max_value=5)
    weekday = forms.TypedChoiceField(label=_("Hari"), choices=Weekday.choices, coerce=int)
    start_time = forms.TimeField(label=_("Jam buka"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
