"""One Django form for any package: the engine draws every field from its definition."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ilp.core.forms import DateInput, style_fields

from .schema import FieldDef, PackageDef


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


def _form_field(field_def: FieldDef) -> forms.Field:
    label = f"{field_def.label} ({field_def.unit})" if field_def.unit else field_def.label
    common = {"label": label, "required": False, "help_text": field_def.help}
    if field_def.type == "quantity":
        step = "1" if field_def.decimals == 0 else "0." + "0" * (field_def.decimals - 1) + "1"
        return forms.DecimalField(decimal_places=field_def.decimals, max_digits=8,
                                  widget=forms.NumberInput(attrs={"step": step, "inputmode": "decimal"}), **common)
    if field_def.type == "integer":
        return forms.IntegerField(widget=forms.NumberInput(attrs={"inputmode": "numeric"}), **common)
    if field_def.type == "boolean":
        return forms.NullBooleanField(widget=forms.Select(choices=[("", "—"), ("true", _("Ya")), ("false", _("Tidak"))]), **common)
    if field_def.type == "choice":
        return forms.ChoiceField(choices=[("", "—"), *((c.code, c.label) for c in field_def.choices)], **common)
    if field_def.type == "date":
        return forms.DateField(widget=DateInput(), **common)
    if field_def.type == "time":
        return forms.TimeField(widget=TimeInput(), **common)
    return forms.CharField(max_length=500, **common)


class PackageForm(forms.Form):
    """Fields of one package, plus the service date and the soft-limit confirmation."""

    service_date = forms.DateField(label=_("Tanggal layanan"), widget=DateInput())
    confirmed = forms.BooleanField(label=_("Nilai tidak biasa sudah saya periksa"), required=False, widget=forms.HiddenInput)

    def __init__(self, *args, package: PackageDef, hidden: set[str] = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.package = package
        for field_def in package.fields:
            if field_def.id not in hidden:
                self.fields[field_def.id] = _form_field(field_def)
        style_fields(self)

    def ask_confirmation(self) -> None:
        self.fields["confirmed"].widget = forms.CheckboxInput(attrs={"class": "form-check-input me-2"})

    def values(self) -> dict:
        return {f.id: self.cleaned_data.get(f.id) for f in self.package.fields
                if self.cleaned_data.get(f.id) not in (None, "")}
