"""Edge validation for the flow's forms; labels in Bahasa Indonesia."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ilp.clinical.vitals import VITALS
from ilp.core.forms import StyledForm, style_fields
from ilp.facilities.models import Facility

from .models import DESK_PAYERS, Priority
from .routing import routing
from .tariffs import tariff

SEND_LABELS = {"pulang": _("Pulang"), "kembali": _("Kembali ke klaster perujuk (konsultasi ulang)")}


class KioskForm(StyledForm):
    emergency = forms.BooleanField(required=False, widget=forms.HiddenInput)
    priority = forms.BooleanField(label=_("Prioritas: lansia, disabilitas atau ibu hamil"), required=False)

    def priority_value(self) -> int:
        return Priority.PRIORITY if self.cleaned_data.get("priority") else Priority.NORMAL


class VitalsForm(StyledForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for measure in VITALS:
            self.fields[measure.id] = forms.DecimalField(
                label=f"{measure.label} ({measure.unit.replace('mm[Hg]', 'mmHg').replace('Cel', '°C')})",
                required=False, max_digits=6, decimal_places=max(measure.decimals, 0) or 0,
                widget=forms.NumberInput(attrs={"step": "0.1" if measure.decimals else "1", "inputmode": "decimal"}))
        style_fields(self)


class RegisterVisitForm(StyledForm):
    patient_id = forms.IntegerField(widget=forms.HiddenInput, error_messages={"required": _("Pilih pasien dari hasil pencarian.")})
    payer = forms.ChoiceField(label=_("Cara bayar"), choices=DESK_PAYERS, widget=forms.RadioSelect)
    pregnant = forms.BooleanField(label=_("Sedang hamil"), required=False)
    postpartum = forms.BooleanField(label=_("Nifas (≤ 42 hari setelah melahirkan)"), required=False)


class PayForm(StyledForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        items = tariff().items.values()
        self.fields["items"] = forms.MultipleChoiceField(
            label=_("Jenis retribusi"), widget=forms.CheckboxSelectMultiple,
            choices=[(i.code, f"{i.name} — Rp {i.amount:,}".replace(",", ".")) for i in items],
            initial=[i.code for i in items if i.default])


class FinishForm(StyledForm):
    note = forms.CharField(label=_("Catatan untuk langkah berikutnya"), required=False, max_length=500,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, targets: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        stations = routing().stations
        choices = [(t, SEND_LABELS.get(t) or stations[t].name) for t in targets]
        self.fields["send_to"] = forms.ChoiceField(label=_("Kirim ke"), choices=choices, widget=forms.RadioSelect,
                                                   initial=targets[0] if targets else None)
        self.order_fields(["send_to", "note"])
        style_fields(self)


class SkipForm(StyledForm):
    reason = forms.CharField(label=_("Alasan dilewati"), max_length=200, initial=_("Dipanggil 3 kali, tidak hadir"))


class ReferInternalForm(StyledForm):
    reason = forms.CharField(label=_("Alasan rujukan internal"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))
    return_requested = forms.BooleanField(label=_("Kembali ke ruang ini untuk konsultasi ulang"), required=False, initial=True)

    def __init__(self, *args, here: str, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(s.code, s.name) for s in routing().referral_targets if s.code != here]
        self.fields["to_code"] = forms.ChoiceField(label=_("Rujuk ke"), choices=choices)
        self.order_fields(["to_code", "reason", "return_requested"])
        style_fields(self)


class ReferExternalForm(StyledForm):
    hospital = forms.ModelChoiceField(label=_("Rumah sakit tujuan (FKRTL)"),
                                      queryset=Facility.objects.filter(kind=Facility.Kind.FKRTL))
    diagnosis = forms.CharField(label=_("Diagnosis kerja"), max_length=250, required=False)
    reason = forms.CharField(label=_("Alasan rujukan"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class FollowUpForm(StyledForm):
    reason = forms.CharField(label=_("Yang perlu ditindaklanjuti di desa"), max_length=500,
                             widget=forms.Textarea(attrs={"rows": 2}))


class FollowUpDoneForm(StyledForm):
    note = forms.CharField(label=_("Hasil tindak lanjut"), max_length=500, required=False)


class DiagnosisForm(StyledForm):
    code = forms.CharField(label=_("Diagnosis (kode ICD-10 atau nama penyakit)"), max_length=10,
                           widget=forms.TextInput(attrs={"list": "icd10-options", "autocomplete": "off"}))
    case = forms.ChoiceField(label=_("Jenis kasus"), choices=[("baru", _("Kasus baru")), ("lama", _("Kasus lama"))])
    primary = forms.BooleanField(label=_("Diagnosis utama"), required=False, initial=True)
