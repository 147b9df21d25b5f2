"""Forms of the gizi room: counselling, starting PMT, a hand-out, and the end of a course."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ilp.core.forms import DateInput, StyledForm

from .models import PmtDistribution, PmtProgram, Topic


class CounsellingForm(StyledForm):
    topics = forms.MultipleChoiceField(label=_("Topik konseling"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple(attrs={"class": "me-2"}),
                                       error_messages={"required": _("Pilih sedikitnya satu topik konseling.")})
    assessment = forms.CharField(label=_("Asesmen gizi (asupan, pola makan, masalah)"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    advice = forms.CharField(label=_("Anjuran yang disepakati"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    next_visit_on = forms.DateField(label=_("Kontrol berikutnya"), required=False, widget=DateInput())


class PmtStartForm(StyledForm):
    kind = forms.ChoiceField(label=_("Jenis PMT"), choices=PmtProgram.Kind.choices)
    started_on = forms.DateField(label=_("Tanggal mulai"), widget=DateInput(), initial=timezone.localdate)


class DistributionForm(StyledForm):
    given_on = forms.DateField(label=_("Tanggal pemberian"), widget=DateInput(), initial=timezone.localdate)
    # An integer field without a lower bound: a negative number reaches the service and gets its message.
    quantity = forms.IntegerField(label=_("Jumlah"), error_messages={"invalid": _("Jumlah harus bilangan bulat.")})
    unit = forms.ChoiceField(label=_("Satuan"), choices=PmtDistribution.Unit.choices)
    period = forms.ChoiceField(label=_("Frekuensi"), choices=PmtDistribution.Period.choices)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)


class FinishForm(StyledForm):
    ended_on = forms.DateField(label=_("Tanggal akhir"), widget=DateInput(), initial=timezone.localdate)
    completed = forms.TypedChoiceField(label=_("Keadaan"), coerce=lambda v: v == "1", initial="1",
                                       choices=[("1", _("Selesai sesuai rencana")), ("0", _("Berhenti sebelum selesai"))])
    note = forms.CharField(label=_("Catatan hasil"), max_length=500, required=False)
