"""Edge validation for rawat inap forms; labels in Bahasa Indonesia."""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ilp.clinical.vitals import VITALS_BY_ID
from ilp.core.forms import StyledForm, add_service_errors, style_fields

from .models import Admission
from .services import WARD_VITALS

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
# The ICD-10 look-up (clinical:icd10_search) reads the typed text from a parameter named `code`.
ICD_ATTRS = {"list": "icd10-options", "autocomplete": "off", "hx-get": reverse_lazy("clinical:icd10_search"),
             "hx-trigger": "input changed delay:250ms", "hx-target": "#icd10-options", "hx-swap": "innerHTML"}
SERVICE_FIELDS = {"diagnosis_code": "code", "final_diagnosis_code": "code"}


def icd_field(label: str) -> forms.CharField:
    return forms.CharField(label=label, max_length=10, required=False, widget=forms.TextInput(attrs=ICD_ATTRS))


def add_service_error(form: forms.Form, error: ValidationError, rename: dict[str, str] | None = None) -> None:
    """A service's refusal on the form, with the inpatient services' field names mapped to the form's."""
    add_service_errors(form, error, rename={**SERVICE_FIELDS, **(rename or {})})


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_FORMAT)


def when_field(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(label=label, input_formats=[DATETIME_FORMAT], widget=DateTimeInput(),
                               initial=lambda: timezone.localtime().replace(second=0, microsecond=0))


class BedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, bed) -> str:
        return f"{bed.ward.name} · {bed.code}"


class AdmissionForm(StyledForm):
    bed = BedChoiceField(label=_("Tempat tidur"), queryset=None, empty_label=_("— pilih tempat tidur kosong —"),
                         error_messages={"required": _("Pilih tempat tidur."),
                                         "invalid_choice": _("Tempat tidur itu sudah terisi atau tidak ada; pilih yang kosong.")})
    reason = forms.CharField(label=_("Indikasi rawat inap"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": _("Tuliskan indikasi rawat inap.")})
    code = icd_field(_("Diagnosis masuk (ICD-10)"))
    admitted_at = when_field(_("Waktu masuk"))

    def __init__(self, *args, beds, with_time: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bed"].queryset = beds
        if not with_time:
            del self.fields["admitted_at"]
        style_fields(self)


class AdmitFromRoomForm(AdmissionForm):
    source = forms.ChoiceField(label=_("Asal pasien"), choices=[c for c in Admission.Source.choices if c[0] != "ugd"])
    patient_id = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": _("Pilih pasien dari hasil pencarian.")})


class MoveBedForm(StyledForm):
    bed = BedChoiceField(label=_("Pindah ke tempat tidur"), queryset=None,
                         error_messages={"required": _("Pilih tempat tidur."),
                                         "invalid_choice": _("Tempat tidur itu sudah terisi atau tidak ada; pilih yang kosong.")})

    def __init__(self, *args, beds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bed"].queryset = beds


class DailyNoteForm(StyledForm):
    written_at = when_field(_("Waktu"))
    subjective = forms.CharField(label=_("S — subjektif (keluhan)"), widget=forms.Textarea(attrs={"rows": 2}))
    objective = forms.CharField(label=_("O — objektif (pemeriksaan)"), widget=forms.Textarea(attrs={"rows": 2}))
    assessment = forms.CharField(label=_("A — asesmen"), widget=forms.Textarea(attrs={"rows": 2}))
    plan = forms.CharField(label=_("P — rencana"), widget=forms.Textarea(attrs={"rows": 2}))


def vital_fields(form: forms.Form, ids) -> None:
    for key in ids:
        measure = VITALS_BY_ID[key]
        form.fields[key] = forms.DecimalField(
            label=f"{measure.label} ({measure.unit.replace('mm[Hg]', 'mmHg').replace('Cel', '°C').replace('/min', '/menit')})",
            required=False, max_digits=6, decimal_places=measure.decimals,
            widget=forms.NumberInput(attrs={"step": "0.1" if measure.decimals else "1", "inputmode": "decimal"}))


class WardVitalsForm(StyledForm):
    measured_at = when_field(_("Waktu ukur"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vital_fields(self, WARD_VITALS)
        style_fields(self)

    def values(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in WARD_VITALS}


class DischargeForm(StyledForm):
    """Discharge and the resume (discharge summary) in one step."""

    discharged_at = when_field(_("Waktu keluar"))
    outcome = forms.ChoiceField(label=_("Keadaan keluar"), choices=[("", "—"), *Admission.Outcome.choices],
                                error_messages={"required": _("Pilih keadaan pasien saat keluar.")})
    code = icd_field(_("Diagnosis akhir (ICD-10)"))
    course = forms.CharField(label=_("Ringkasan perawatan"), widget=forms.Textarea(attrs={"rows": 3}),
                             error_messages={"required": _("Tuliskan ringkasan perawatan untuk resume pulang.")})
    discharge_medication = forms.CharField(label=_("Obat pulang"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    instructions = forms.CharField(label=_("Anjuran dan jadwal kontrol"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["final_diagnosis_code"] = data.pop("code")
        return data
