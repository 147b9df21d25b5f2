"""Forms of the Poli Gigi: one tooth's status, and a treatment with its diagnosis."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ilp.clinical.models import Condition
from ilp.core.forms import StyledForm

from . import catalogue, teeth
from .services import UNKNOWN_TOOTH

TOOTH_CHOICES = [(str(t), str(t)) for t in sorted(teeth.ALL_TEETH)]


class ToothForm(StyledForm):
    tooth = forms.TypedChoiceField(label=_("Nomor gigi (FDI)"), choices=[("", _("— pilih gigi —")), *TOOTH_CHOICES], coerce=int,
                                   error_messages={"invalid_choice": UNKNOWN_TOOTH % {"tooth": "%(value)s"}})
    status = forms.ChoiceField(label=_("Status gigi"), choices=[(s.code, s.label) for s in teeth.STATUSES],
                               widget=forms.RadioSelect(attrs={"class": "me-2"}))
    correction = forms.BooleanField(label=_("Koreksi: catatan sebelumnya salah"), required=False)


class TreatmentForm(StyledForm):
    procedure = forms.ChoiceField(label=_("Tindakan (ICD-9-CM)"))
    tooth = forms.TypedChoiceField(label=_("Nomor gigi"), choices=[("", _("— seluruh mulut —")), *TOOTH_CHOICES], coerce=int,
                                   required=False, empty_value=None,
                                   error_messages={"invalid_choice": UNKNOWN_TOOTH % {"tooth": "%(value)s"}})
    diagnosis_code = forms.CharField(label=_("Diagnosis (ICD-10)"), max_length=10,
                                     help_text=_("Misalnya K02.1 karies dentin, K04.0 pulpitis, K05.1 gingivitis kronis."))
    case = forms.ChoiceField(label=_("Jenis kasus"), choices=Condition.Case.choices, initial=Condition.Case.NEW)
    note = forms.CharField(label=_("Catatan"), max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        # Its own ids: the tooth form on the same page has a `tooth` field too.
        super().__init__(*args, auto_id="id_tindakan_%s", **kwargs)
        self.fields["procedure"].choices = [(p.code, p.label) for p in catalogue.catalogue().values()]
        self.fields["procedure"].error_messages["invalid_choice"] = _("Kode tindakan %(value)s tidak ada di katalog.")
