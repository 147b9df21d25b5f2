"""Forms of the lab pages; the values are checked against the catalogue by the services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ilp.core.forms import StyledForm

from .catalogue import catalogue
from .models import LabOrder


def test_choices() -> list:
    """Panels first, then the tests by group, as grouped choices for the order form."""
    cat = catalogue()
    grouped = [(_("Paket pemeriksaan"), [(p.id, p.name) for p in cat.panels.values()])]
    return grouped + [(group, [(t.id, t.name) for t in tests]) for group, tests in cat.groups().items()]


class OrderForm(StyledForm):
    tests = forms.MultipleChoiceField(label=_("Pemeriksaan"), widget=forms.CheckboxSelectMultiple,
                                      error_messages={"required": _("Pilih minimal satu pemeriksaan.")})
    clinical_note = forms.CharField(label=_("Keterangan klinis / diagnosis kerja"), max_length=500, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Unknown codes reach the service, which names them; the form does not drop them silently.
        self.fields["tests"].choices = test_choices()
        self.fields["tests"].valid_value = lambda value: True


class SpecimenForm(StyledForm):
    taken_at = forms.DateTimeField(label=_("Waktu pengambilan"), required=False,
                                   widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                                   input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"])
    note = forms.CharField(label=_("Catatan spesimen (mis. lisis, puasa 10 jam)"), max_length=250, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"taken_at": timezone.localtime().replace(second=0, microsecond=0)})
        super().__init__(*args, **kwargs)


class ResultsForm(StyledForm):
    """One field per test of the order: a number typed as text (so the service can name what is wrong), or the options."""

    def __init__(self, *args, order: LabOrder, **kwargs):
        self.order = order
        super().__init__(*args, **kwargs)
        for result in order.results.all():
            test = result.test
            if test.quantitative:
                field = forms.CharField(label=f"{test.name} ({test.unit_label})" if test.unit_label else test.name,
                                        required=False, initial=result.value_text,
                                        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}))
            else:
                field = forms.ChoiceField(label=test.name, required=False, initial=result.value_code,
                                          choices=[("", "—"), *[(o.code, o.label) for o in test.options]],
                                          widget=forms.Select(attrs={"class": "form-select"}))
            self.fields[test.id] = field

    def values(self) -> dict[str, str]:
        return {code: self.data.get(code, "") for code in self.fields}


class ImportForm(StyledForm):
    file = forms.FileField(label=_("Berkas CSV dari alat (kolom: no_order, kode, hasil, opsional pasien)"))

    def content(self) -> str:
        raw = self.cleaned_data["file"].read()
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            return raw.decode("latin-1")  # older analysers export Windows-1252
