"""Edge validation for kesling: an inspection form generated from its checklist, and a counselling."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ilp.core.forms import DateInput, StyledForm

from .checklists import Checklist
from .models import Counselling

YES_NO = [("ya", _("Ya")), ("tidak", _("Tidak"))]
ANSWER_REQUIRED = _("Pilih Ya atau Tidak.")


class InspectionForm(StyledForm):
    object_name = forms.CharField(label=_("Nama objek"), max_length=200)
    address = forms.CharField(label=_("Alamat"), max_length=300, required=False)
    desa = forms.ModelChoiceField(label=_("Desa"), queryset=None, empty_label="—")
    inspected_on = forms.DateField(label=_("Tanggal inspeksi"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, checklist: Checklist, desa, **kwargs):
        super().__init__(*args, **kwargs)
        self.checklist = checklist
        self.fields["object_name"].label = checklist.object_label
        self.fields["desa"].queryset = desa
        for item in checklist.items:
            self.fields[f"item_{item.id}"] = forms.ChoiceField(
                label=item.label, choices=YES_NO, widget=forms.RadioSelect, error_messages={"required": ANSWER_REQUIRED, "invalid_choice": ANSWER_REQUIRED},
                help_text=f"{item.group} · bobot {item.weight}" if item.group else "")
        self.fields["note"] = forms.CharField(label=_("Catatan / saran perbaikan"), required=False, max_length=1000,
                                              widget=forms.Textarea(attrs={"rows": 2}))

    def kwargs(self) -> dict:
        data = self.cleaned_data
        answers = {item.id: data[f"item_{item.id}"] == "ya" for item in self.checklist.items}
        return {"desa": data["desa"], "object_name": data["object_name"], "address": data["address"],
                "inspected_on": data["inspected_on"], "answers": answers, "note": data["note"]}


class CounsellingForm(StyledForm):
    counselled_on = forms.DateField(label=_("Tanggal konseling"), widget=DateInput(), initial=timezone.localdate)
    problem = forms.ChoiceField(label=_("Penyakit / masalah"), choices=[("", "—"), *Counselling.Problem.choices])
    findings = forms.CharField(label=_("Faktor risiko lingkungan yang ditemukan"), max_length=1000,
                               widget=forms.Textarea(attrs={"rows": 3}))
    advice = forms.CharField(label=_("Saran / intervensi"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    home_visit = forms.BooleanField(label=_("Perlu kunjungan rumah (inspeksi rumah sehat)"), required=False)
