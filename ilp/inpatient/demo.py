"""Demo rawat inap for Puskesmas Sitiung I: two wards (umum, bersalin) and a month of stays."""

import datetime as dt
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from ilp.people.models import Patient

from . import services
from .models import Admission, Ward

WARDS = [("Ruang Rawat Inap Umum", Ward.Kind.UMUM, 6), ("Ruang Bersalin (PONED)", Ward.Kind.PERSALINAN, 3)]
CASES = [("A09", "Diare akut dengan dehidrasi sedang"), ("A01.0", "Demam tifoid"), ("A97.9", "Demam berdarah dengue"),
         ("J18.9", "Pneumonia"), ("I10", "Hipertensi dengan keluhan sakit kepala hebat")]


def seed(*, puskesmas, today: dt.date, rng: random.Random) -> str:
    for name, kind, beds in WARDS:
        services.set_ward_beds(facility=puskesmas, name=name, kind=kind, beds=beds)
    if Admission.objects.filter(facility=puskesmas).exists():
        return "Rawat inap: ruang dan tempat tidur sudah ada."
    dokter = get_user_model().objects.get(username="dokter")
    adults = list(Patient.objects.filter(desa__in=puskesmas.wilayah.all(), merged_into__isnull=True,
                                         birth_date__lte=today.replace(year=today.year - 18)).order_by("pk")[:400])
    beds = list(services.Bed.objects.filter(ward__facility=puskesmas, ward__kind=Ward.Kind.UMUM).order_by("code"))
    tz = timezone.get_current_timezone()
    made = 0
    for n, patient in enumerate(rng.sample(adults, k=min(len(adults), 14))):
        bed = beds[n % len(beds)]
        start = dt.datetime.combine(today - dt.timedelta(days=40 - n * 3), dt.time(rng.randrange(8, 20)), tzinfo=tz)
        stay_days = rng.randrange(2, 6)
        if Admission.objects.filter(bed=bed, discharged_at__isnull=True).exists():
            continue
        code, reason = CASES[n % len(CASES)]
        admission = services.admit_patient(actor=dokter, facility=puskesmas, patient=patient, bed=bed, reason=reason,
                                           source=rng.choice(["ugd", "ruang"]), diagnosis_code=code, admitted_at=start)
        for day in range(stay_days):
            at = start + dt.timedelta(days=day, hours=1)
            if at > timezone.now():
                break
            fever = Decimal(str(round(38.8 - day * 0.5 + rng.random() * 0.3, 1)))
            services.record_ward_vitals(actor=dokter, admission=admission, measured_at=at, values={
                "temperature": max(fever, Decimal("36.5")), "heart_rate": Decimal(104 - day * 6), "sbp": Decimal(120 + rng.randrange(-10, 15)),
                "dbp": Decimal(80 + rng.randrange(-8, 8)), "resp_rate": Decimal(22 - day)})
            services.write_daily_note(actor=dokter, admission=admission, written_at=at + dt.timedelta(minutes=15),
                                      subjective="Keluhan berkurang" if day else reason, objective=f"Suhu {fever} °C",
                                      assessment=reason, plan="Lanjutkan terapi, observasi tanda vital")
        end = start + dt.timedelta(days=stay_days, hours=2)
        if end < timezone.now():
            services.discharge_patient(actor=dokter, admission=admission, outcome="pulang", discharged_at=end,
                                       course=f"Dirawat {stay_days} hari dengan {reason.lower()}; keadaan membaik.",
                                       discharge_medication="Sesuai resep", instructions="Kontrol ke Puskesmas 3 hari lagi")
        made += 1
    return f"Rawat inap: {len(WARDS)} ruang, {sum(b for _, _, b in WARDS)} tempat tidur, {made} pasien dirawat."
