"""CKG forms: the lookup at the desk, the registration, the self-report and the examination sections."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ilp.core.choices import Sex
from ilp.core.forms import StyledForm
from ilp.packages.engine.forms import PackageForm
from ilp.visits.models import Payer


class LookupForm(StyledForm):
    q = forms.CharField(label=_("NIK, nomor tiket CKG atau nama"), max_length=100)


class RegisterForm(StyledForm):
    # CKG is free: the default payer sends the visit past the kasir (register_visit routes only "umum" there).
    payer = forms.ChoiceField(label=_("Cara bayar kunjungan"), choices=Payer.choices, initial=Payer.CKG)


class NewbornForm(StyledForm):
    """A newborn without NIK at the CKG desk, registered under the mother's NIK."""

    mother_nik = forms.CharField(label=_("NIK ibu"), min_length=16, max_length=16)
    sex = forms.ChoiceField(label=_("Jenis kelamin bayi"), choices=Sex.choices)
    birth_date = forms.DateField(label=_("Tanggal lahir bayi"), widget=forms.DateInput(attrs={"type": "date"}))
    payer = forms.ChoiceField(label=_("Cara bayar kunjungan"), choices=Payer.choices, initial=Payer.CKG)


def self_report_form(package, field_ids, data=None, prefix=None) -> PackageForm:
    """Only the questions the person answers themselves, from the package's own field definitions."""
    form = PackageForm(data, package=package, hidden={f.id for f in package.fields} - set(field_ids), prefix=prefix)
    for name in ("service_date", "confirmed"):
        del form.fields[name]
    return form


def section_form(section, *, patient_hidden: set[str], data=None, initial=None) -> PackageForm:
    form = PackageForm(data, package=section.package, hidden=patient_hidden, prefix=section.package.id, initial=initial)
    del form.fields["service_date"], form.fields["confirmed"]
    return form


class SchoolForm(StyledForm):
    name = forms.CharField(label=_("Nama sekolah"), max_length=120)
    desa = forms.ModelChoiceField(label=_("Desa"), queryset=None)

    def __init__(self, *args, desa_queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = desa_queryset


class ClassListForm(StyledForm):
    upload = forms.FileField(label=_("Daftar kelas (CSV atau XLSX: nik, nama, tanggal_lahir, jenis_kelamin, kelas)"))
