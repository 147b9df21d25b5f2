"""Edge validation for patients and families, with messages a registration clerk understands."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ilp.core.choices import Sex
from ilp.core.forms import DateInput, StyledForm, style_fields

from .models import Disability, FamilyRelation
from .nik import NikError, consistency_warnings, parse_nik
from .services import BIRTH_IN_FUTURE, BIRTH_TOO_OLD

BPJS_FORMAT = _("Nomor BPJS harus 13 angka.")
KK_FORMAT = _("Nomor KK harus 16 angka.")
PHONE_FORMAT = _("Nomor HP hanya angka, boleh diawali +, 8 sampai 15 angka.")
CONFIRM_WARNINGS = _("Periksa peringatan di atas; jika data sudah benar, centang 'Data sudah saya periksa' lalu simpan lagi.")


def desa_choices(desa_qs) -> list:
    """Desa grouped by kecamatan, for a select a clerk can scan."""
    groups: dict[str, list] = {}
    for desa in desa_qs.select_related("parent").order_by("parent__name", "name"):
        groups.setdefault(desa.parent.name if desa.parent else "", []).append((desa.pk, desa.name))
    return [("", "---------")] + [(f"Kec. {name}", options) for name, options in groups.items()]


class DesaField(forms.TypedChoiceField):
    def __init__(self, *, desa_qs, **kwargs):
        self.desa_qs = desa_qs
        super().__init__(choices=desa_choices(desa_qs), coerce=self.to_region, **kwargs)

    def to_region(self, value):
        return self.desa_qs.get(pk=value)

    def valid_value(self, value):
        return self.desa_qs.filter(pk=value).exists() if str(value).isdigit() else False


def digits_only(value: str) -> str:
    return re.sub(r"[\s.\-]", "", value or "")


class PatientForm(StyledForm):
    nik = forms.CharField(label=_("NIK"), required=False, max_length=20,
                          help_text=_("16 angka sesuai KTP/KK. Kosongkan untuk bayi yang belum punya NIK."))
    name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=[("", "---------"), *Sex.choices])
    birth_date = forms.DateField(label=_("Tanggal lahir"), widget=DateInput())
    birth_place = forms.CharField(label=_("Tempat lahir"), required=False, max_length=100)
    address = forms.CharField(label=_("Alamat"), required=False, max_length=250)
    phone = forms.CharField(label=_("Nomor HP"), required=False, max_length=20)
    bpjs_number = forms.CharField(label=_("Nomor kartu BPJS"), required=False, max_length=20)
    disability = forms.ChoiceField(label=_("Disabilitas"), choices=Disability.choices, required=False)
    # Shown only when the NIK disagrees with the record (see clean()); hidden otherwise.
    confirm_warnings = forms.BooleanField(label=_("Data sudah saya periksa"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, desa_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"] = DesaField(desa_qs=desa_qs, label=_("Desa/kelurahan domisili"))
        self.order_fields(["nik", "name", "sex", "birth_date", "birth_place", "desa", "address", "phone",
                           "bpjs_number", "disability", "confirm_warnings"])
        style_fields(self)
        self.warnings: list[str] = []

    def clean_nik(self):
        value = digits_only(self.cleaned_data["nik"])
        if not value:
            return None
        try:
            self.parsed_nik = parse_nik(value)
        except NikError as error:
            raise forms.ValidationError(error.message) from None
        return value

    def clean_birth_date(self):
        # Checked here too, so a future date shows on the first submit beside any NIK error.
        value = self.cleaned_data["birth_date"]
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(BIRTH_IN_FUTURE)
        if value.year < today.year - 120:
            raise forms.ValidationError(BIRTH_TOO_OLD)
        return value

    def clean_bpjs_number(self):
        value = digits_only(self.cleaned_data["bpjs_number"])
        if value and (len(value) != 13 or not value.isdigit()):
            raise forms.ValidationError(BPJS_FORMAT)
        return value or None

    def clean_phone(self):
        value = digits_only(self.cleaned_data["phone"])
        if value and not re.fullmatch(r"\+?\d{8,15}", value):
            raise forms.ValidationError(PHONE_FORMAT)
        return value

    def clean(self):
        data = super().clean()
        nik = getattr(self, "parsed_nik", None)
        if nik:
            self.warnings = nik.warnings + consistency_warnings(nik, sex=data.get("sex"), birth_date=data.get("birth_date"))
        if self.warnings:
            self.fields["confirm_warnings"].widget = forms.CheckboxInput(attrs={"class": "form-check-input"})
            if not data.get("confirm_warnings"):
                raise forms.ValidationError(CONFIRM_WARNINGS)
        return data

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("confirm_warnings", None)
        return data


class PatientCorrectionForm(PatientForm):
    reason = forms.CharField(label=_("Alasan perubahan"), max_length=250,
                             help_text=_("Mis. salah ketik tanggal lahir; sesuai KK terbaru."))


class FamilyForm(StyledForm):
    kk_number = forms.CharField(label=_("Nomor KK"), required=False, max_length=20)
    address = forms.CharField(label=_("Alamat"), required=False, max_length=250)
    rt = forms.CharField(label=_("RT"), required=False, max_length=3)
    rw = forms.CharField(label=_("RW"), required=False, max_length=3)

    def __init__(self, *args, desa_qs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"] = DesaField(desa_qs=desa_qs, label=_("Desa/kelurahan"))
        self.order_fields(["kk_number", "desa", "address", "rt", "rw"])
        style_fields(self)

    def clean_kk_number(self):
        value = digits_only(self.cleaned_data["kk_number"])
        if value and (len(value) != 16 or not value.isdigit()):
            raise forms.ValidationError(KK_FORMAT)
        return value or None


class FamilyMemberForm(StyledForm):
    patient_id = forms.IntegerField(widget=forms.HiddenInput)
    relation = forms.ChoiceField(label=_("Hubungan dengan kepala keluarga"), choices=FamilyRelation.choices)


class MergeForm(StyledForm):
    keep = forms.IntegerField(widget=forms.HiddenInput)
    duplicate = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Alasan penggabungan"), max_length=250)

