"""IHS numbers for patients and staff, asked of SATUSEHAT by NIK once and kept (IhsNumber)."""

from django.utils.translation import gettext as _

from .client import NIK, NIK_IBU, Client
from .mapping import MappingError
from .models import IhsNumber, StaffNik

NO_NIK = "Pasien %(name)s belum punya NIK (bayi: NIK ibunya); lengkapi data pasien lalu kirim ulang."
PATIENT_UNKNOWN = "NIK %(nik)s (%(name)s) tidak ditemukan di SATUSEHAT; periksa NIK di data pasien lalu kirim ulang."
STAFF_NO_NIK = "NIK petugas %(name)s belum dicatat untuk SATUSEHAT; isi NIK petugas lalu kirim ulang."
STAFF_UNKNOWN = "NIK petugas %(name)s tidak ditemukan di SATUSEHAT (belum terdaftar di SISDMK?)."


class PlatformResolver:
    """Resolves through the cache first, then the platform's Patient/Practitioner search."""

    def __init__(self, client: Client):
        self.client = client
        self._known: dict[tuple[str, str], str] = {}  # this process's memo over IhsNumber: a NIK's IHS number never changes

    def patient(self, patient) -> str:
        if patient.nik:
            key, params, label = patient.nik, {"identifier": f"{NIK}|{patient.nik}"}, patient.nik
        elif patient.mother_id and patient.mother.nik:
            # A newborn without NIK is found through the mother's NIK and the birth date.
            birth = patient.birth_date.isoformat()
            key, label = f"nik-ibu|{patient.mother.nik}|{birth}", patient.mother.nik
            params = {"identifier": f"{NIK_IBU}|{patient.mother.nik}", "birthdate": birth}
        else:
            raise MappingError(_(NO_NIK) % {"name": patient.name})
        return self._lookup(IhsNumber.Kind.PATIENT, key, params,
                            _(PATIENT_UNKNOWN) % {"nik": label, "name": patient.name})

    def practitioner(self, user) -> str:
        name = user.get_full_name() or user.username
        if known := self._known.get(("staff", str(user.pk))):
            return known
        nik = StaffNik.objects.filter(user=user).values_list("nik", flat=True).first()
        if not nik:
            raise MappingError(_(STAFF_NO_NIK) % {"name": name})
        found = self._lookup(IhsNumber.Kind.PRACTITIONER, nik, {"identifier": f"{NIK}|{nik}"},
                             _(STAFF_UNKNOWN) % {"name": name})
        self._known[("staff", str(user.pk))] = found
        return found

    def _lookup(self, kind: str, key: str, params: dict, unknown: str) -> str:
        if known := self._known.get((kind, key)):
            return known
        known = IhsNumber.objects.filter(kind=kind, key=key).values_list("ihs_number", flat=True).first()
        if not known:
            found = self.client.search(kind, **params)
            if not found or not found[0].get("id"):
                raise MappingError(unknown)
            known = found[0]["id"]
            IhsNumber.objects.update_or_create(kind=kind, key=key, defaults={"ihs_number": known})
        self._known[(kind, key)] = known
        return known
