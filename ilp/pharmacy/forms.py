"""Edge validation of the pharmacy pages; messages a pharmacist understands, in Bahasa Indonesia."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ilp.core.forms import DateInput, StyledForm, style_fields

from . import catalogue

QUANTITY_ERRORS = {"min_value": _("Jumlah harus lebih dari 0."), "invalid": _("Jumlah harus bilangan bulat."),
                   "required": _("Isi jumlahnya.")}
UNKNOWN_DRUG_ERRORS = {"invalid_choice": _("Kode obat %(value)s tidak ada di katalog obat."),
                       "required": _("Pilih obatnya.")}
FUTURE_DATE = _("Tanggal tidak boleh di masa depan.")


def drug_field(**kwargs) -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Obat"), choices=[("", "—"), *catalogue.choices()], error_messages=UNKNOWN_DRUG_ERRORS,
                             **kwargs)


def quantity_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(label=_("Jumlah"), min_value=1, error_messages=QUANTITY_ERRORS,
                              widget=forms.NumberInput(attrs={"inputmode": "numeric"}), **kwargs)


def not_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(FUTURE_DATE)
    return value


class PrescriptionItemForm(StyledForm):
    drug_code = drug_field(required=False)
    quantity = quantity_field(required=False)
    signa = forms.CharField(label=_("Aturan pakai"), max_length=100, required=False,
                            widget=forms.TextInput(attrs={"placeholder": _("mis. 3 x 1 sesudah makan")}))

    def clean(self):
        data = super().clean()
        if data.get("drug_code") and not data.get("quantity") and "quantity" not in self.errors:
            self.add_error("quantity", QUANTITY_ERRORS["required"])
        if data.get("quantity") and not data.get("drug_code") and "drug_code" not in self.errors:
            self.add_error("drug_code", UNKNOWN_DRUG_ERRORS["required"])
        return data


class BasePrescriptionFormSet(forms.BaseFormSet):
    def items(self) -> list[dict]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data.get("drug_code")]


PrescriptionFormSet = forms.formset_factory(PrescriptionItemForm, formset=BasePrescriptionFormSet, extra=4, max_num=12)


class ReceiveForm(StyledForm):
    drug_code = drug_field()
    batch_number = forms.CharField(label=_("Nomor batch"), max_length=40)
    expiry_date = forms.DateField(label=_("Tanggal kedaluwarsa (ED)"), widget=DateInput())
    quantity = quantity_field()
    document = forms.CharField(label=_("Nomor dokumen (SBBK dari IFK)"), max_length=60)
    received_on = forms.DateField(label=_("Tanggal terima"), widget=DateInput(), validators=[not_future])


class TransferForm(StyledForm):
    destination = forms.ModelChoiceField(label=_("Pustu tujuan"), queryset=None,
                                         error_messages={"invalid_choice": _("Pilih Pustu dari daftar.")})
    drug_code = drug_field()
    quantity = quantity_field()
    document = forms.CharField(label=_("Nomor dokumen distribusi"), max_length=60)

    def __init__(self, *args, pustu, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["destination"].queryset = pustu


class OpnameForm(StyledForm):
    """One 'counted' field per batch held; an empty field means the batch was not counted this time."""

    counted_on = forms.DateField(label=_("Tanggal opname"), widget=DateInput(), validators=[not_future])
    note = forms.CharField(label=_("Catatan (mis. rusak, kedaluwarsa dimusnahkan)"), max_length=300, required=False)

    def __init__(self, *args, batches, **kwargs):
        super().__init__(*args, **kwargs)
        self.batches = list(batches)
        for batch in self.batches:
            self.fields[f"batch_{batch.pk}"] = forms.IntegerField(
                label=str(batch), required=False, min_value=0,
                error_messages={"min_value": _("Hasil hitung tidak boleh negatif."), "invalid": _("Isi bilangan bulat.")})
        style_fields(self)

    def rows(self):
        return [(batch, self[f"batch_{batch.pk}"]) for batch in self.batches]

    def counts(self) -> dict[int, int]:
        return {b.pk: self.cleaned_data[f"batch_{b.pk}"] for b in self.batches
                if self.cleaned_data.get(f"batch_{b.pk}") is not None}


class StockCardForm(StyledForm):
    start = forms.DateField(label=_("Dari"), widget=DateInput())
    end = forms.DateField(label=_("Sampai"), widget=DateInput())
