"""PKG Sekolah: schools of the wilayah and their class lists, imported from a spreadsheet (CSV or XLSX)."""

import csv
import datetime as dt
import io

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.people.models import Patient
from ilp.people.services import register_patient

from .models import Pupil, School

COLUMNS = ("nik", "nama", "tanggal_lahir", "jenis_kelamin", "kelas")
BAD_HEADER = "Baris pertama harus berisi kolom: %(columns)s."
BAD_ROW = "Baris %(row)s: %(problem)s"
BAD_DATE = "tanggal lahir %(value)s tidak dikenal (pakai 2014-05-31 atau 31-05-2014)"
BAD_SEX = "jenis kelamin %(value)s harus L atau P"
NOT_SCHOOL_AGE = "%(name)s berumur %(years)s tahun; PKG Sekolah untuk 7–17 tahun"
NO_NAME = "nama kosong"
EMPTY = "Berkas tidak berisi murid."


@transaction.atomic
def create_school(*, actor, name: str, desa) -> School:
    school, _created = School.objects.get_or_create(facility=actor.facility.puskesmas, name=name.strip(), defaults={"desa": desa})
    audit.record(actor=actor, action="ckg.school", target=school)
    return school


def _rows(upload) -> list[list[str]]:
    data = upload.read()
    if upload.name.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).active
        return [["" if v is None else (v.date().isoformat() if isinstance(v, dt.datetime) else str(v)).strip()
                 for v in row] for row in sheet.iter_rows(values_only=True)]
    return [[v.strip() for v in row] for row in csv.reader(io.StringIO(data.decode("utf-8-sig")))]


def _date(value: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    return None


def _check(number: int, row: dict, today: dt.date) -> tuple[dict, list[str]]:
    problems, birth = [], _date(row["tanggal_lahir"])
    sex = {"L": "M", "P": "F"}.get(row["jenis_kelamin"].upper())
    if not row["nama"]:
        problems.append(_(NO_NAME))
    if birth is None:
        problems.append(_(BAD_DATE) % {"value": row["tanggal_lahir"] or "—"})
    if sex is None:
        problems.append(_(BAD_SEX) % {"value": row["jenis_kelamin"] or "—"})
    if birth and not 7 <= (today - birth).days // 365.25 <= 17:
        problems.append(_(NOT_SCHOOL_AGE) % {"name": row["nama"], "years": int((today - birth).days // 365.25)})
    return {**row, "birth_date": birth, "sex": sex}, [_(BAD_ROW) % {"row": number, "problem": p} for p in problems]


@transaction.atomic
def import_class_list(*, actor, school: School, upload) -> list[Pupil]:
    """Every row checked first; any problem refuses the whole file with all messages (nothing half-imported)."""
    rows = _rows(upload)
    header = [h.lower() for h in (rows[0] if rows else [])]
    if any(column not in header for column in COLUMNS):
        raise ValidationError(_(BAD_HEADER) % {"columns": ", ".join(COLUMNS)})
    today, checked, errors = timezone.localdate(), [], []
    for number, values in enumerate(rows[1:], start=2):
        if not any(values):
            continue
        row, problems = _check(number, {c: values[header.index(c)] if header.index(c) < len(values) else "" for c in COLUMNS}, today)
        checked.append(row)
        errors += problems
    if errors or not checked:
        raise ValidationError(errors or [_(EMPTY)])
    pupils = []
    for row in checked:
        patient = Patient.objects.filter(nik=row["nik"]).first() if row["nik"] else None
        if patient is None:
            patient = register_patient(actor=actor, name=row["nama"], birth_date=row["birth_date"], sex=row["sex"],
                                       desa=school.desa, nik=row["nik"] or None)
        pupil, _created = Pupil.objects.update_or_create(school=school, patient=patient, year=today.year,
                                                         defaults={"class_name": row["kelas"][:20]})
        pupils.append(pupil)
    audit.record(actor=actor, action="ckg.class_list", target=school, detail={"pupils": len(pupils)})
    return pupils
