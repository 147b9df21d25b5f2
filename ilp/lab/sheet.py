"""The result sheet of an order, as data for the HTML page and as an A4 PDF through the reports' renderer."""

from django.utils import timezone

from ilp.reports.renderers import pdf
from ilp.reports.tables import Column, Report, Table

from .catalogue import Flag


def _when(value) -> str:
    return timezone.localtime(value).strftime("%d-%m-%Y %H:%M") if value else "-"


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else "-"


def build(order) -> Report:
    """Title block (patient, sender, specimen, validation) and one table per test group."""
    patient = order.patient
    record = patient.medical_records.filter(facility=order.facility).first()
    header = [
        ("Puskesmas", order.facility.name),
        ("No. order", order.number),
        ("Nama pasien", patient.name),
        ("NIK / No. RM", f"{patient.nik or '-'} / {record.number if record else '-'}"),
        ("Jenis kelamin / umur", f"{patient.get_sex_display()} / {patient.age_text}"),
        ("Pengirim", f"{order.from_station.name if order.from_station else '-'}, {_who(order.ordered_by)}"),
        ("Keterangan klinis", order.clinical_note or "-"),
        ("Spesimen diambil", f"{_when(order.specimen_at)} oleh {_who(order.specimen_by)}"),
        ("Divalidasi", f"{_when(order.validated_at)} oleh {_who(order.validated_by)}" if order.validated_at
         else "BELUM DIVALIDASI"),
    ]
    columns = [Column(("Pemeriksaan",), numeric=False, width=3), Column(("Hasil",), numeric=False, width=2),
               Column(("Flag",), numeric=False, width=1), Column(("Satuan",), numeric=False, width=1.2),
               Column(("Nilai rujukan",), numeric=False, width=1.6), Column(("Metode / LOINC",), numeric=False, width=1.4)]
    tables: dict[str, Table] = {}
    for result in order.results.all():
        test = result.test
        table = tables.setdefault(test.group, Table(title=test.group, columns=columns))
        table.add([test.name, result.value_text or "-", result.flag or "", test.unit_label if test.quantitative else "",
                   result.reference_text if test.quantitative else "", test.loinc])
    notes = ["L/H: di bawah/di atas nilai rujukan; LL/HH: nilai kritis, segera dilaporkan ke dokter; A: abnormal."]
    if order.has_critical:
        notes.insert(0, "PERHATIAN: ada nilai kritis (" + ", ".join(
            f"{r.test.name} {r.value_text} {Flag.LABELS[r.flag]}" for r in order.results.all() if r.flag in Flag.CRITICAL) + ").")
    # The title block's "Periode" line carries the day of the specimen.
    return Report(code="hasil-lab", title="Hasil Pemeriksaan Laboratorium", form="LAB", period=order.number,
                  period_label=_when(order.specimen_at)[:10], header=header, tables=list(tables.values()), notes=notes,
                  signer="Dokter penanggung jawab", place=order.facility.name)


def render_pdf(order) -> bytes:
    return pdf.render(build(order))
