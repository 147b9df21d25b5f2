"""Edge validation of the network pages; the rules live in services."""

import datetime as dt

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ilp.core.forms import DateInput, StyledForm

from . import selectors
from .choices import (
    AgreementKind,
    ChecklistArea,
    ChecklistStatus,
    MemberKind,
    MonitoringKind,
    Phase,
    TaskStatus,
)


class MemberForm(StyledForm):
    kind = forms.ChoiceField(label=_("Jenis anggota"), choices=MemberKind.choices)
    facility = forms.ModelChoiceField(label=_("Fasilitas (untuk Pustu, Posyandu, klinik, DPM, lab, rumah sakit)"),
                                      queryset=None, required=False)
    name = forms.CharField(label=_("Nama (untuk sekolah, tempat kerja, instansi, PMB, apotek)"), max_length=150, required=False)
    contact = forms.CharField(label=_("Kontak / penanggung jawab"), max_length=150, required=False)
    joined_on = forms.DateField(label=_("Bergabung sejak"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, puskesmas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = selectors.partner_facilities(puskesmas=puskesmas)
        self.fields["facility"].label_from_instance = lambda f: f"{f.name} ({f.get_kind_display()})"


class AgreementForm(StyledForm):
    kind = forms.ChoiceField(label=_("Jenis dokumen"), choices=AgreementKind.choices)
    number = forms.CharField(label=_("Nomor"), max_length=100)
    parties = forms.CharField(label=_("Para pihak"), max_length=250)
    starts_on = forms.DateField(label=_("Berlaku mulai"), widget=DateInput())
    ends_on = forms.DateField(label=_("Berlaku sampai"), widget=DateInput())
    file = forms.FileField(label=_("Berkas (PDF atau gambar)"), required=False,
                           validators=[FileExtensionValidator(["pdf", "jpg", "jpeg", "png"],
                                                              message=_("Unggah berkas PDF, JPG atau PNG."))])


class PathwayForm(StyledForm):
    problem = forms.CharField(label=_("Masalah kesehatan prioritas"), max_length=200)
    indicator_code = forms.ChoiceField(label=_("Diidentifikasi dari indikator"))
    members = forms.ModelMultipleChoiceField(label=_("Anggota jejaring yang terlibat"), queryset=None,
                                             widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = selectors.priority_indicators()
        self.fields["members"].queryset = selectors.member_list(user=user)


class StepForm(StyledForm):
    phase = forms.ChoiceField(label=_("Tahap layanan"), choices=Phase.choices)
    member = forms.ModelChoiceField(label=_("Pelaksana"), queryset=None, required=False, empty_label=_("Puskesmas"))
    task = forms.CharField(label=_("Tugas"), max_length=250)
    guideline = forms.CharField(label=_("PNPK / PPK yang diikuti"), max_length=250, required=False)

    def __init__(self, *args, pathway, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = pathway.members.all()
        self.fields["guideline"].initial = pathway.guideline


class TeamForm(StyledForm):
    name = forms.CharField(label=_("Nama"), max_length=120)
    profession = forms.CharField(label=_("Profesi"), max_length=60)
    member = forms.ModelChoiceField(label=_("Asal fasilitas"), queryset=None, required=False, empty_label=_("Puskesmas"))

    def __init__(self, *args, pathway, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = pathway.members.all()


class TaskForm(StyledForm):
    description = forms.CharField(label=_("Tugas"), max_length=250)
    assignee = forms.ModelChoiceField(label=_("Penanggung jawab"), queryset=None)
    due_on = forms.DateField(label=_("Tenggat"), widget=DateInput(), required=False)

    def __init__(self, *args, pathway, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = pathway.team.all()


class TaskStatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=TaskStatus.choices)


class MonitoringForm(StyledForm):
    kind = forms.ChoiceField(label=_("Jenis"), choices=MonitoringKind.choices)
    month = forms.DateField(label=_("Bulan"), widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
                            input_formats=["%Y-%m"], initial=lambda: timezone.localdate().replace(day=1))
    findings = forms.CharField(label=_("Temuan"), widget=forms.Textarea(attrs={"rows": 2}))
    follow_up = forms.CharField(label=_("Rencana tindak lanjut"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def kwargs(self) -> dict:
        month: dt.date = self.cleaned_data["month"]
        return {"kind": self.cleaned_data["kind"], "year": month.year, "month": month.month,
                "findings": self.cleaned_data["findings"], "follow_up": self.cleaned_data["follow_up"]}


class ChecklistForm(StyledForm):
    area = forms.ChoiceField(label=_("Aspek"), choices=ChecklistArea.choices)
    status = forms.ChoiceField(label=_("Status"), choices=ChecklistStatus.choices)
    note = forms.CharField(label=_("Catatan"), max_length=250, required=False)


class PartnerUserForm(StyledForm):
    """The login of a partner klinik's doctor; the password rules are Django's validators (in the service)."""

    username = forms.CharField(label=_("Nama pengguna"), max_length=150)
    first_name = forms.CharField(label=_("Nama depan (dengan gelar)"), max_length=150)
    last_name = forms.CharField(label=_("Nama belakang"), max_length=150, required=False)
    password = forms.CharField(label=_("Kata sandi"), widget=forms.PasswordInput(render_value=False), strip=False)
    password_again = forms.CharField(label=_("Ulangi kata sandi"), widget=forms.PasswordInput(render_value=False),
                                     strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("Kedua kata sandi tidak sama."))
        return data
