"""Writes on indicator inputs: the Dinkes' official sasaran figures (uploaded CSV/XLSX)."""

import csv
import io
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ilp.audit import services as audit
from ilp.regions.models import Region, normalize_code

from .definitions_loader import SASARAN_GROUPS
from .models import Sasaran

NOT_ALLOWED = "Hanya Dinkes kabupaten/kota (atau admin) yang mengunggah sasaran resmi."
MISSING_COLUMNS = "Kolom wajib: tahun, kode_desa, kelompok, nilai."
LINE_ERROR = "Baris %(line)s: %(message)s"
UNKNOWN_DESA = "kode desa %(code)s tidak dikenal atau di luar wilayah Anda"
UNKNOWN_GROUP = "kelompok %(group)s tidak dikenal (pilihan: %(groups)s)"
BAD_VALUE = "nilai %(value)s bukan angka ≥ 0"
BAD_YEAR = "tahun %(year)s tidak valid"
EMPTY = "Berkas tidak berisi baris data."
COLUMNS = ("tahun", "kode_desa", "kelompok", "nilai")


def read_rows(*, filename: str, content: bytes) -> list[dict]:
    """Rows of a CSV (comma or semicolon) or XLSX upload, as dicts keyed by lower-case header."""
    if filename.lower().endswith(".xlsx"):
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        values = [[("" if c is None else str(c)).strip() for c in row] for row in sheet.iter_rows(values_only=True)]
    else:
        text = content.decode("utf-8-sig", errors="replace")
        dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;")
        values = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    if not values:
        return []
    header = [h.lower() for h in values[0]]
    return [dict(zip(header, row, strict=False)) for row in values[1:] if any(row)]


@transaction.atomic
def upload_sasaran(*, actor, rows: list[dict]) -> int:
    """Store official sasaran per desa; every row is checked first and nothing is saved if one is wrong."""
    if actor.role not in ("dinkes_kabkota", "admin"):
        raise ValidationError(_(NOT_ALLOWED))
    if not rows:
        raise ValidationError(_(EMPTY))
    if not set(COLUMNS) <= set(rows[0]):
        raise ValidationError(_(MISSING_COLUMNS))
    region_q = actor.region.subtree_q("code") if actor.region_id else None
    errors, parsed = [], []
    for line, row in enumerate(rows, start=2):
        problem, item = _parse(row, region_q)
        if problem:
            errors.append(_(LINE_ERROR) % {"line": line, "message": problem})
        else:
            parsed.append(item)
    if errors:
        raise ValidationError(errors[:20])
    for year, desa, group, value in parsed:
        Sasaran.objects.update_or_create(year=year, desa=desa, group=group, source=Sasaran.Source.DINKES,
                                         defaults={"value": value, "note": f"diunggah oleh {actor.username}"})
    audit.record(actor=actor, action="sasaran.upload", target=parsed[0][1], detail={"rows": len(parsed)})
    return len(parsed)


def _parse(row: dict, region_q):
    try:
        year = int(row["tahun"])
        if not 2000 <= year <= 2100:
            raise ValueError
    except ValueError:
        return _(BAD_YEAR) % {"year": row["tahun"]}, None
    try:
        code = normalize_code(row["kode_desa"])
    except ValueError:
        code = row["kode_desa"]
    desas = Region.objects.filter(code=code, level=Region.Level.DESA)
    desa = (desas.filter(region_q) if region_q is not None else desas).first()
    if not desa:
        return _(UNKNOWN_DESA) % {"code": row["kode_desa"]}, None
    group = row["kelompok"].strip().lower()
    if group not in SASARAN_GROUPS:
        return _(UNKNOWN_GROUP) % {"group": group, "groups": ", ".join(sorted(SASARAN_GROUPS))}, None
    try:
        value = Decimal(row["nilai"].replace(",", "."))
        if value < 0:
            raise InvalidOperation
    except InvalidOperation:
        return _(BAD_VALUE) % {"value": row["nilai"]}, None
    return None, (year, desa, group, value)


BOUNDARY_NOT_ALLOWED = "Hanya Dinkes kabupaten/kota (atau admin) yang mengunggah batas desa."
BOUNDARY_NOT_JSON = "Berkas bukan JSON yang sah: %(error)s"
BOUNDARY_NEED_KABKOTA = "Pilih kabupaten/kota yang batas desanya diunggah."


@transaction.atomic
def upload_boundaries(*, actor, kabkota_code: str, content: bytes):
    """Store a kab/kota's official desa boundaries (GeoJSON), replacing the previous upload; all or nothing."""
    import json

    from django.utils import timezone

    from ilp.regions import geo
    from ilp.regions.models import BoundaryMap

    if actor.role not in ("dinkes_kabkota", "admin"):
        raise ValidationError(_(BOUNDARY_NOT_ALLOWED))
    if actor.role == "dinkes_kabkota":
        kabkota = actor.region
    else:
        kabkota = Region.objects.filter(code=kabkota_code.strip(), level=Region.Level.KABKOTA).first()
    if kabkota is None or kabkota.level != Region.Level.KABKOTA:
        raise ValidationError(_(BOUNDARY_NEED_KABKOTA))
    try:
        raw = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValidationError(_(BOUNDARY_NOT_JSON) % {"error": error}) from None
    geojson = geo.validate(raw, kabkota=kabkota)
    boundary, _created = BoundaryMap.objects.update_or_create(
        kabkota=kabkota, defaults={"geojson": geojson, "features": len(geojson["features"]), "uploaded_by": actor,
                                   "uploaded_at": timezone.now()})
    audit.record(actor=actor, action="boundaries.upload", target=kabkota, detail={"features": boundary.features})
    return boundary
