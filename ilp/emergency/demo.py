"""Demo UGD for Puskesmas Sitiung I: patients in UGD now, one not yet identified, one already gone home."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model

from ilp.people.models import Patient

from . import services
from .models import EmergencyCase


def seed(*, puskesmas, today: dt.date, rng: random.Random) -> str:
    if EmergencyCase.objects.filter(facility=puskesmas).exists():
        return "UGD: pasien demo sudah ada."
    users = get_user_model().objects
    perawat, dokter = users.get(username="perawat"), users.get(username="dokter")
    adults = list(Patient.objects.filter(desa__in=puskesmas.wilayah.all(), merged_into__isnull=True,
                                         birth_date__lte=today.replace(year=today.year - 18)).exclude(visits__status="open").order_by("pk")[:200])
    unknown = services.start_arrival(actor=perawat, facility=puskesmas, complaint="Kecelakaan lalu lintas, tidak sadar",
                                     arrival="polisi", sex="M", age=40)
    services.triage_case(actor=perawat, case=unknown, level=1, values={
        "sbp": Decimal(90), "dbp": Decimal(60), "heart_rate": Decimal(124), "resp_rate": Decimal(28), "temperature": None})
    known = services.start_arrival(actor=perawat, facility=puskesmas, complaint="Nyeri dada kiri sejak 2 jam", arrival="keluarga")
    services.identify_patient(actor=perawat, case=known, patient=rng.choice(adults), payer="umum")
    services.triage_case(actor=perawat, case=known, level=3, values={
        "sbp": Decimal(170), "dbp": Decimal(100), "heart_rate": Decimal(96), "resp_rate": Decimal(20), "temperature": Decimal("36.8")})
    services.record_examination(actor=dokter, case=known, anamnesis="Nyeri dada kiri menjalar ke lengan", diagnosis_code="I20.9")
    home = services.start_arrival(actor=perawat, facility=puskesmas, complaint="Luka robek di telapak tangan", arrival="sendiri")
    services.identify_patient(actor=perawat, case=home, patient=rng.choice(adults), payer="umum")
    services.triage_case(actor=perawat, case=home, level=4, values={"sbp": Decimal(120), "dbp": Decimal(80)})
    services.record_examination(actor=dokter, case=home, treatment="Hecting 4 jahitan", diagnosis_code="S61.9")
    services.dispose_case(actor=dokter, case=home, disposition="pulang", note="Kontrol luka 3 hari", to_pharmacy=True)
    return "UGD: 3 pasien (1 belum teridentifikasi, merah; 1 kuning; 1 sudah pulang)."
