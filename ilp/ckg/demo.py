"""Demo CKG: a morning at the CKG desk. Adults and lansia of the wilayah registered today, most examined
with values drawn around the usual ranges (so every result class shows up), two thirds finished."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from ilp.people.models import Patient

from . import groups, services


def _adult_values(rng) -> dict:
    sbp = rng.choice([112, 124, 134, 146, 162, 184])
    return {"ptm_dewasa": {"sbp": sbp, "dbp": min(sbp - 40, 112), "weight": rng.randrange(48, 92), "height": rng.randrange(148, 176),
                           "waist": rng.randrange(68, 104), "gds": rng.choice([92, 118, 150, 236]),
                           "smoking": rng.choice(["tidak", "ya", "berhenti"]), "physical_activity": rng.choice(["cukup", "kurang"])},
            "tbc_skrining": {"cough": rng.random() < 0.1, "weight_loss": False, "fever": False, "night_sweats": False}}


def _elder_values(rng) -> dict:
    sbp = rng.choice([118, 132, 148, 166])
    return {"lansia": {"sbp": sbp, "dbp": sbp - 50, "weight": rng.randrange(42, 70), "height": rng.randrange(142, 168),
                       "amt": rng.randrange(6, 11), "gds15": rng.randrange(0, 8)}}


def seed(*, puskesmas, today: dt.date, rng) -> str:
    users = get_user_model().objects
    desk, dokter = users.get(username="pendaftaran"), users.get(username="dokter")
    candidates = Patient.objects.filter(desa__in=puskesmas.wilayah.all(), birth_date__lte=today - dt.timedelta(days=365 * 18),
                                        visits__isnull=True).order_by("pk")[:60]
    registered = finished = 0
    for patient in rng.sample(list(candidates), min(14, len(candidates))):
        group = groups.group_for(birth_date=patient.birth_date, on=today)
        try:
            registration, _token = services.register_ckg(actor=desk, patient=patient, payer="umum")
            registered += 1
            if rng.random() < 0.8:
                values = _elder_values(rng) if group == "lansia" else _adult_values(rng)
                services.record_examination(actor=dokter, registration=registration, values=values, confirmed=True)
                if rng.random() < 0.8:
                    services.finish_ckg(actor=dokter, registration=registration)
                    finished += 1
        except ValidationError:
            continue  # e.g. already had CKG this year: the desk would refuse it too
    return f"CKG: {registered} terdaftar hari ini, {finished} selesai dengan surat hasil"
