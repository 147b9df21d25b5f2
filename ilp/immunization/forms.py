"""Edge validation for recording a dose and for the due-list filter."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ilp.core.forms import DateInput, StyledForm


class RecordImmunizationForm(StyledForm):
    """One dose given: which dose of the schedule, when, where, and the vaccine's batch number."""

    dose = forms.ChoiceField(label=_("Imunisasi"))
    given_on = forms.DateField(label=_("Tanggal pemberian"), widget=DateInput())
    facility = forms.ModelChoiceField(label=_("Tempat pemberian"), queryset=None)
    lot_number = forms.CharField(label=_("Nomor batch vaksin"), max_length=40, required=False)

    def __init__(self, *args, schedule, patient, given: set[tuple[str, int]], facilities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dose"].choices = [("", "—")] + [
            (f"{d.vaccine}:{d.number}", f"{d.code} · {d.when}") for d in schedule.doses
            if (d.vaccine, d.number) not in given and (not d.sex or d.sex == patient.sex)]
        self.fields["facility"].queryset = facilities

    def cleaned(self) -> dict:
        """Keyword arguments for services.record_immunization."""
        vaccine, number = self.cleaned_data["dose"].rsplit(":", 1)
        return {"vaccine": vaccine, "dose": int(number), "given_on": self.cleaned_data["given_on"],
                "facility": self.cleaned_data["facility"], "lot_number": self.cleaned_data["lot_number"]}


class DueListForm(StyledForm):
    """Which desa or Posyandu to list; both empty = the whole wilayah."""

    desa = forms.ModelChoiceField(label=_("Desa"), queryset=None, required=False)
    posyandu = forms.ModelChoiceField(label=_("Posyandu"), queryset=None, required=False)

    def __init__(self, *args, desa, posyandu, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["desa"].queryset = desa
        self.fields["posyandu"].queryset = posyandu
