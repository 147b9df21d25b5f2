"""JSON API for patients: the same selectors and services as the pages, the same messages."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from ninja import Router, Schema
from ninja.errors import HttpError

from ilp.regions.models import Region, normalize_code
from ilp.regions.selectors import desa_selectable

from . import selectors, services
from .nik import NikError, parse_nik
from .services import NOT_ALLOWED

router = Router(tags=["pasien"])
UNKNOWN_DESA = "Desa/kelurahan dengan kode %(code)s tidak dikenal di kabupaten/kota Anda."


class PatientIn(Schema):
    name: str
    birth_date: dt.date
    sex: str
    desa_code: str
    nik: str | None = None
    bpjs_number: str | None = None
    birth_place: str = ""
    address: str = ""
    phone: str = ""
    disability: str = ""


class PatientOut(Schema):
    id: int
    name: str
    nik: str | None
    birth_date: dt.date
    sex: str
    desa_code: str
    bpjs_number: str | None

    @staticmethod
    def resolve_desa_code(obj) -> str:
        return obj.desa.code


def _desa(user, raw_code: str) -> Region:
    try:
        code = normalize_code(raw_code)
    except ValueError as error:
        raise ValidationError({"desa_code": [str(error)]}) from None
    desa = desa_selectable(user=user).filter(code=code).first()
    if not desa:
        raise ValidationError({"desa_code": [UNKNOWN_DESA % {"code": raw_code}]})
    return desa


@router.get("/patients", response=list[PatientOut])
def list_patients(request, q: str = "", limit: int = 50):
    if not request.auth.sees_patients:
        raise HttpError(403, "Peran Anda hanya melihat data agregat.")
    return list(selectors.patient_list(user=request.auth, search=q)[: max(1, min(limit, 200))])


@router.get("/patients/{patient_id}", response=PatientOut)
def get_patient(request, patient_id: int):
    return selectors.patient_get(user=request.auth, pk=patient_id)


@router.post("/patients", response={201: PatientOut})
def create_patient(request, payload: PatientIn):
    user = request.auth
    if not user.can_register:
        raise PermissionDenied(NOT_ALLOWED)
    data = payload.dict()
    errors = {}
    try:
        data["desa"] = _desa(user, data.pop("desa_code"))
    except ValidationError as error:
        errors.update(error.message_dict)
    if data.get("nik"):
        try:
            parse_nik(data["nik"])
        except NikError as error:
            errors["nik"] = [error.message]
    if data["sex"] not in ("M", "F"):
        errors["sex"] = ["Jenis kelamin harus M (laki-laki) atau F (perempuan)."]
    if errors:
        raise ValidationError(errors)
    return 201, services.register_patient(actor=user, **data)
