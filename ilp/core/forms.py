"""The project form renderer: every field is drawn by one template (components/field.html)."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import DjangoTemplates


class FormRenderer(DjangoTemplates):
    field_template_name = "components/field.html"
    form_template_name = "components/form.html"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class StyledForm(forms.Form):
    """Adds Bootstrap classes to widgets so templates never style fields one by one."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class StyledModelForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


def style_fields(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        css = "form-select" if isinstance(widget, forms.Select) else "form-control"
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            css = "form-check-input me-2"
        widget.attrs.setdefault("class", css)


def add_service_errors(form: forms.BaseForm, error: ValidationError, *, rename: dict[str, str] | None = None) -> None:
    """A service's refusal on the form: on the field it names where the form has it (after `rename`),
    above the form otherwise; so what the user typed stays and the message sits where it belongs."""
    rename = rename or {}
    items = error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]
    for key, errors in items:
        key = rename.get(key, key)
        form.add_error(key if key in form.fields else None, errors)
