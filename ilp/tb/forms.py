"""Edge validation for each step of the TB register; `kwargs()` gives the service its keyword arguments."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ilp.core.choices import Sex
from ilp.core.forms import DateInput, StyledForm

from .models import TbCase, TbContact, TbTest

YES_NO = [("", "—"), ("true", _("Ya")), ("false", _("Tidak"))]
HIV = [("", "—"), ("nonreaktif", _("Non-reaktif")), ("reaktif", _("Reaktif")), ("tidak_diperiksa", _("Tidak diperiksa"))]
DM = [("", "—"), ("bukan_dm", _("Bukan DM")), ("dm", _("Diabetes melitus")), ("tidak_diperiksa", _("Tidak diperiksa"))]


def _date(label):
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate)


def _choice(label, choices, *, required=True):
    return forms.ChoiceField(label=label, choices=[("", "—"), *choices], required=required)


class StepForm(StyledForm):
    def kwargs(self) -> dict:
        return dict(self.cleaned_data)


class PresumptiveForm(StepForm):
    presumptive_on = _date(_("Tanggal terduga"))
    source = _choice(_("Ditemukan dari"), TbCase.Source.choices)


class TestOrderForm(StepForm):
    kind = _choice(_("Jenis pemeriksaan"), TbTest.Kind.choices)
    ordered_on = _date(_("Tanggal permintaan / pengambilan sampel"))
    sample_place = _choice(_("Tempat pengambilan sampel"), TbTest.Place.choices, required=False)


class TestResultForm(StepForm):
    test = forms.ModelChoiceField(label=_("Pemeriksaan"), queryset=TbTest.objects.none())
    result = _choice(_("Hasil"), TbTest.Result.choices)
    result_on = _date(_("Tanggal hasil"))

    def __init__(self, *args, case: TbCase, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["test"].queryset = case.tests.filter(result="")


class DiagnosisForm(StepForm):
    diagnosis = _choice(_("Diagnosis"), TbCase.Diagnosis.choices)
    diagnosed_on = _date(_("Tanggal diagnosis"))
    site = _choice(_("Lokasi anatomi"), TbCase.Site.choices, required=False)
    resistance = _choice(_("Status resistansi obat"), TbCase.Resistance.choices, required=False)


class TreatmentForm(StepForm):
    started_on = _date(_("Tanggal mulai OAT"))
    regimen = _choice(_("Paduan OAT"), TbCase.Regimen.choices)
    hiv_status = forms.ChoiceField(label=_("Tes HIV"), choices=HIV, required=False)
    dm_status = forms.ChoiceField(label=_("Skrining DM"), choices=DM, required=False)


class OutcomeForm(StepForm):
    outcome = _choice(_("Hasil pengobatan"), TbCase.Outcome.choices)
    outcome_on = _date(_("Tanggal hasil pengobatan"))


class ContactForm(StepForm):
    """A contact: a patient picked from the search, or a new person registered on the spot."""

    relation = _choice(_("Jenis kontak"), TbContact.Relation.choices)
    listed_on = _date(_("Tanggal didata"))
    patient = forms.TypedChoiceField(label=_("Pasien yang sudah terdaftar"), coerce=int, empty_value=None, required=False,
                                     widget=forms.RadioSelect)
    name = forms.CharField(label=_("Nama lengkap (orang baru)"), max_length=150, required=False)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=[("", "—"), *Sex.choices], required=False)
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DateInput(), required=False)
    desa = forms.ModelChoiceField(label=_("Desa/kelurahan"), queryset=None, required=False)
    nik = forms.CharField(label=_("NIK (bila ada)"), max_length=16, required=False)

    def __init__(self, *args, desa, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = desa
        self.fields["patient"].choices = [
            (p.pk, f"{p.name} · {p.birth_date:%d-%m-%Y} · {p.desa.name}") for p in candidates]
        if not candidates:
            self.fields["patient"].widget = forms.HiddenInput()

    def clean(self):
        data = super().clean()
        if not data.get("patient"):
            for field in ("name", "sex", "birth_date", "desa"):
                if not data.get(field):
                    self.add_error(field, _("Wajib diisi untuk orang baru."))
        return data

    def new_person(self) -> dict | None:
        data = self.cleaned_data
        if data.get("patient"):
            return None
        return {"name": data["name"], "sex": data["sex"], "birth_date": data["birth_date"], "desa": data["desa"],
                "nik": data["nik"] or None}


class ContactScreenForm(StepForm):
    screened_on = _date(_("Tanggal skrining"))
    symptomatic = forms.TypedChoiceField(label=_("Ada gejala TBC (batuk, demam, berat badan turun, keringat malam)"),
                                         choices=YES_NO, coerce=lambda value: value == "true")


class ContactTestForm(StepForm):
    tested_on = _date(_("Tanggal pemeriksaan"))
    cxr = _choice(_("Foto toraks"), TbContact.Finding.choices)
    infection_test = _choice(_("TST / IGRA"), TbContact.Finding.choices)


class ContactDecisionForm(StepForm):
    decision = _choice(_("Keputusan dokter"), TbContact.Decision.choices)
    decided_on = _date(_("Tanggal keputusan"))
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)


class TptForm(StepForm):
    started_on = _date(_("Tanggal mulai TPT"))
    regimen = _choice(_("Paduan TPT"), TbContact.TptRegimen.choices)
