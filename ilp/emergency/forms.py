"""Edge validation for UGD forms; labels in Bahasa Indonesia."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ilp.core.forms import StyledForm, style_fields
from ilp.facilities.models import Facility
from ilp.inpatient.forms import BedChoiceField, icd_field, vital_fields, when_field
from ilp.visits.models import DESK_PAYERS

from .models import EmergencyCase, TriageLevel
from .services import UGD_VITALS

SEX = [("", _("tidak diketahui")), ("M", _("laki-laki")), ("F", _("perempuan"))]


class VitalsMixin:
    def values(self) -> dict:
        return {k: self.cleaned_data.get(k) for k in UGD_VITALS}


class ArrivalForm(StyledForm):
    complaint = forms.CharField(label=_("Keluhan utama / keadaan saat datang"), max_length=500,
                                widget=forms.Textarea(attrs={"rows": 2}),
                                error_messages={"required": _("Tuliskan keluhan utama atau keadaan pasien saat datang.")})
    arrival = forms.ChoiceField(label=_("Cara datang"), choices=EmergencyCase.Arrival.choices)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=SEX, required=False)
    age = forms.IntegerField(label=_("Perkiraan umur (tahun)"), min_value=0, max_value=120, required=False)
    label = forms.CharField(label=_("Sebutan (kosongkan: dibuat otomatis, mis. “Tn. X, ±40 th”)"), max_length=100, required=False)


class TriageForm(VitalsMixin, StyledForm):
    level = forms.TypedChoiceField(label=_("Level triase"), choices=TriageLevel.choices, coerce=int, widget=forms.RadioSelect,
                                   error_messages={"required": _("Pilih level triase: merah, oranye, kuning, hijau atau biru.")})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        vital_fields(self, UGD_VITALS)
        style_fields(self)


class ExaminationForm(StyledForm):
    anamnesis = forms.CharField(label=_("Anamnesis"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    examination = forms.CharField(label=_("Pemeriksaan fisik"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    treatment = forms.CharField(label=_("Tindakan dan terapi"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    code = icd_field(_("Diagnosis (ICD-10 atau nama penyakit)"))


class ObservationForm(VitalsMixin, StyledForm):
    at = when_field(_("Waktu observasi"))
    note = forms.CharField(label=_("Catatan observasi (GCS, keluhan, respons terapi)"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_obs_%s")  # the triage form on the same page has the same vital fields
        super().__init__(*args, **kwargs)
        vital_fields(self, UGD_VITALS)
        style_fields(self)


class IdentifyForm(StyledForm):
    patient_id = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": _("Pilih pasien dari hasil pencarian.")})
    payer = forms.ChoiceField(label=_("Cara bayar"), choices=DESK_PAYERS, widget=forms.RadioSelect,
                              error_messages={"required": _("Pilih cara bayar: BPJS atau umum.")})


class DispositionForm(StyledForm):
    disposition = forms.ChoiceField(label=_("Disposisi"), choices=EmergencyCase.Disposition.choices, widget=forms.RadioSelect,
                                    error_messages={"required": _("Pilih disposisi: pulang, rawat inap, rujuk atau meninggal.")})
    note = forms.CharField(label=_("Catatan / indikasi rawat / alasan rujukan"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))
    to_pharmacy = forms.BooleanField(label=_("Pulang lewat farmasi (ambil obat)"), required=False)
    bed = BedChoiceField(label=_("Tempat tidur (rawat inap)"), queryset=None, required=False,
                         error_messages={"invalid_choice": _("Tempat tidur itu sudah terisi atau tidak ada; pilih yang kosong.")})
    hospital = forms.ModelChoiceField(label=_("Rumah sakit tujuan (rujuk)"), required=False,
                                      queryset=Facility.objects.filter(kind=Facility.Kind.FKRTL))

    def __init__(self, *args, beds, **kwargs):
        kwargs.setdefault("auto_id", "id_disp_%s")  # `note` is also a field of the observation form on the page
        super().__init__(*args, **kwargs)
        self.fields["bed"].queryset = beds
        style_fields(self)
