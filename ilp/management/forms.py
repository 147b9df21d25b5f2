"""Forms of the Klaster 1 pages: edge validation only, the rules live in services."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ilp.core.choices import Klaster
from ilp.core.forms import DateInput, StyledForm, style_fields
from ilp.facilities.models import Facility, Location

from . import choices, inm
from .models import Asset, Staff


class MonthInput(forms.TextInput):
    input_type = "month"


class MonthField(forms.CharField):
    """A month as YYYY-MM (the browser's month picker), cleaned to its first day."""

    widget = MonthInput

    def clean(self, value):
        value = super().clean(value)
        try:
            return dt.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise ValidationError(_("Isi bulan dengan format TTTT-BB, misalnya 2026-11.")) from None


def _own_rooms(field: forms.ModelMultipleChoiceField | forms.ModelChoiceField, rooms, *, empty: bool = False) -> None:
    # Only our rooms are offered; any room id is accepted here so the service refuses another
    # Puskesmas' room with its own clear message instead of the generic "invalid choice".
    field.choices = ([("", "—")] if empty else []) + [(r.pk, str(r)) for r in rooms]


class StaffForm(forms.ModelForm):
    rooms = forms.ModelMultipleChoiceField(Location.objects.all(), required=False, label=_("Ruang penugasan"),
                                           widget=forms.CheckboxSelectMultiple(attrs={"class": "me-2"}))

    class Meta:
        model = Staff
        fields = ["name", "nip", "kind", "employment", "education", "started_on", "klaster", "rooms", "user", "active"]
        widgets = {"started_on": DateInput()}

    def __init__(self, *args, rooms, logins, **kwargs):
        super().__init__(*args, **kwargs)
        _own_rooms(self.fields["rooms"], rooms)
        self.fields["user"].queryset = logins
        self.fields["user"].required = False
        style_fields(self)

    def _post_clean(self):  # the service validates and saves; no model validation here
        pass


class AssignForm(StyledForm):
    klaster = forms.ChoiceField(label=_("Klaster"), choices=[("", "—"), *Klaster.choices], required=False)
    rooms = forms.ModelMultipleChoiceField(Location.objects.all(), required=False, label=_("Ruang"),
                                           widget=forms.CheckboxSelectMultiple(attrs={"class": "me-2"}))

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        _own_rooms(self.fields["rooms"], rooms)


class LicenceForm(StyledForm):
    kind = forms.ChoiceField(label=_("Jenis"), choices=choices.LicenceKind.choices)
    number = forms.CharField(label=_("Nomor"), max_length=60)
    valid_from = forms.DateField(label=_("Berlaku sejak"), widget=DateInput())
    valid_until = forms.DateField(label=_("Berlaku sampai"), widget=DateInput(), required=False,
                                  help_text=_("Kosongkan untuk STR seumur hidup"))


class TrainingForm(StyledForm):
    name = forms.CharField(label=_("Pelatihan / kompetensi"), max_length=150)
    finished_on = forms.DateField(label=_("Tanggal selesai"), widget=DateInput())
    hours = forms.IntegerField(label=_("JPL"), min_value=1, max_value=999, required=False)
    organiser = forms.CharField(label=_("Penyelenggara"), max_length=150, required=False)


class ShiftForm(StyledForm):
    staff = forms.ModelChoiceField(Staff.objects.none(), label=_("Pegawai"))
    first = forms.DateField(label=_("Dari tanggal"), widget=DateInput())
    last = forms.DateField(label=_("Sampai tanggal"), widget=DateInput())
    shift = forms.ChoiceField(label=_("Dinas"), choices=choices.Shift.choices)

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff


class AssetForm(forms.ModelForm):
    room = forms.ModelChoiceField(Location.objects.all(), required=False, label=_("Ruang"))

    class Meta:
        model = Asset
        fields = ["category", "name", "code", "room", "quantity", "acquired_year", "condition", "calibration_due", "note"]
        widgets = {"calibration_due": DateInput()}

    def __init__(self, *args, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        _own_rooms(self.fields["room"], rooms, empty=True)
        style_fields(self)

    def _post_clean(self):
        pass


class QualityMeasureForm(StyledForm):
    code = forms.ChoiceField(label=_("Indikator"), choices=[(i.code, i.name) for i in inm.ENTERED])
    month = MonthField(label=_("Bulan"))
    numerator = forms.IntegerField(label=_("Numerator"), min_value=0)
    denominator = forms.IntegerField(label=_("Denominator"), min_value=0)


class IncidentForm(StyledForm):
    occurred_on = forms.DateField(label=_("Tanggal kejadian"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Jenis insiden"), choices=choices.IncidentKind.choices)
    grade = forms.ChoiceField(label=_("Grading risiko"), choices=choices.RiskGrade.choices)
    unit = forms.CharField(label=_("Unit / ruang"), max_length=100)
    description = forms.CharField(label=_("Kronologi singkat"), widget=forms.Textarea(attrs={"rows": 3}))


class IncidentFollowUpForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=choices.IncidentStatus.choices)
    follow_up = forms.CharField(label=_("Tindak lanjut"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SurveyForm(StyledForm):
    unit = forms.CharField(label=_("Unit layanan"), max_length=100)
    answered_on = forms.DateField(label=_("Tanggal"), widget=DateInput())
    score = forms.TypedChoiceField(label=_("Nilai kepuasan"), coerce=int,
                                   choices=[(4, _("4 — sangat puas")), (3, _("3 — puas")), (2, _("2 — kurang puas")),
                                            (1, _("1 — tidak puas"))])
    comment = forms.CharField(label=_("Saran / keluhan"), max_length=300, required=False)


class PlanForm(StyledForm):
    kind = forms.ChoiceField(label=_("Dokumen"), choices=choices.PlanKind.choices)
    year = forms.IntegerField(label=_("Tahun"))
    name = forms.CharField(label=_("Kegiatan"), max_length=200)
    indicator_code = forms.ChoiceField(label=_("Indikator"), required=False)
    target_percent = forms.DecimalField(label=_("Target (%)"), max_digits=5, decimal_places=1, required=False)
    sasaran = forms.IntegerField(label=_("Sasaran (orang)"), min_value=0, required=False)
    budget = forms.IntegerField(label=_("Anggaran (Rp)"), min_value=0, initial=0)
    fund_source = forms.ChoiceField(label=_("Sumber dana"), choices=choices.FundSource.choices)
    person_in_charge = forms.CharField(label=_("Penanggung jawab"), max_length=100)

    def __init__(self, *args, indicators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator_code"].choices = [("", "—"), *indicators]


class StatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=choices.WorkStatus.choices)
    note = forms.CharField(label=_("Catatan"), max_length=250, required=False)


class WorkshopForm(StyledForm):
    held_on = forms.DateField(label=_("Tanggal"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Jenis"), choices=choices.WorkshopKind.choices)
    place = forms.CharField(label=_("Tempat"), max_length=150)
    issues = forms.CharField(label=_("Masalah yang dibahas"), widget=forms.Textarea(attrs={"rows": 3}))
    present = forms.ModelMultipleChoiceField(Staff.objects.none(), required=False, label=_("Pegawai yang hadir"),
                                             widget=forms.CheckboxSelectMultiple(attrs={"class": "me-2"}))
    guests = forms.CharField(
        label=_("Peserta lain (jejaring, lintas sektor)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Satu orang per baris: Nama; Instansi; Jabatan. Contoh: dr. Rina; Klinik Pratama Sehat; Penanggung jawab"))

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = staff

    def clean_guests(self) -> list[dict]:
        people = []
        for number, line in enumerate(self.cleaned_data["guests"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            if len(parts) < 2 or not parts[0] or not parts[1]:
                raise ValidationError(_("Baris %(n)s: tulis Nama; Instansi (jabatan boleh menyusul).") % {"n": number})
            people.append({"name": parts[0], "institution": parts[1], "position": parts[2] if len(parts) > 2 else ""})
        return people


class AttendeeForm(StyledForm):
    name = forms.CharField(label=_("Nama"), max_length=150)
    institution = forms.CharField(label=_("Instansi / jejaring"), max_length=150)
    position = forms.CharField(label=_("Jabatan"), max_length=100, required=False)
    member_facility = forms.ModelChoiceField(Facility.objects.all(), required=False, label=_("Mewakili fasilitas jejaring"),
                                             help_text=_("Isi bila peserta mewakili Pustu, klinik, DPM, lab atau RS jejaring"))

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        # Offer the network; accept any facility so the service can say why another one is refused.
        self.fields["member_facility"].choices = [("", "—")] + [(f.pk, f"{f.name} ({f.get_kind_display()})") for f in network]


class ActionForm(StyledForm):
    problem = forms.CharField(label=_("Masalah"), max_length=250)
    action = forms.CharField(label=_("Rencana tindak lanjut"), max_length=250)
    person_in_charge = forms.CharField(label=_("Penanggung jawab"), max_length=100)
    due_on = forms.DateField(label=_("Batas waktu"), widget=DateInput())


class PerformanceForm(StyledForm):
    name = forms.CharField(label=_("Indikator"), max_length=200)
    target = forms.DecimalField(label=_("Target (%)"), max_digits=5, decimal_places=1)
    achievement = forms.DecimalField(label=_("Capaian (%)"), max_digits=5, decimal_places=1)


class FinanceForm(StyledForm):
    month = MonthField(label=_("Bulan"))
    direction = forms.ChoiceField(label=_("Pendapatan / belanja"), choices=choices.Direction.choices)
    source = forms.ChoiceField(label=_("Sumber dana"), choices=choices.FundSource.choices)
    amount = forms.IntegerField(label=_("Jumlah (Rp)"), min_value=0)
    note = forms.CharField(label=_("Uraian"), max_length=200, required=False)

