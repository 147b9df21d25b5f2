"""Bed occupancy figures (BOR, ALOS, BTO, TOI, GDR, NDR) for a month, from the admissions themselves.

Formulas as in the Indonesian hospital/Puskesmas reporting standard (Depkes RI 2005, Barber-Johnson);
see docs/decisions/0014-ugd-and-rawat-inap.md for the counting rules:
- hari perawatan (patient-days): a stay counts each calendar day from the admission date up to the day
  before discharge (the midnight census); a stay that starts and ends on one day counts 1.
- lama dirawat (length of stay) of a discharged patient: discharge date − admission date, minimum 1 day.
"""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone


@dataclass(frozen=True)
class BedFigures:
    year: int
    month: int
    beds: int
    days: int
    patient_days: int
    discharges: int  # keluar hidup + mati
    deaths: int
    deaths_48h: int  # meninggal ≥ 48 jam setelah masuk
    total_los: int

    @property
    def bor(self) -> float | None:
        """BOR (%) = hari perawatan / (tempat tidur × hari dalam periode) × 100."""
        return round(100 * self.patient_days / (self.beds * self.days), 1) if self.beds and self.days else None

    @property
    def alos(self) -> float | None:
        """ALOS (hari) = jumlah lama dirawat pasien keluar / jumlah pasien keluar (hidup + mati)."""
        return round(self.total_los / self.discharges, 1) if self.discharges else None

    @property
    def bto(self) -> float | None:
        """BTO (kali) = pasien keluar (hidup + mati) / tempat tidur."""
        return round(self.discharges / self.beds, 1) if self.beds else None

    @property
    def toi(self) -> float | None:
        """TOI (hari) = (tempat tidur × hari − hari perawatan) / pasien keluar (hidup + mati)."""
        return round((self.beds * self.days - self.patient_days) / self.discharges, 1) if self.discharges else None

    @property
    def gdr(self) -> float | None:
        """GDR (‰) = pasien meninggal / pasien keluar × 1000."""
        return round(1000 * self.deaths / self.discharges, 1) if self.discharges else None

    @property
    def ndr(self) -> float | None:
        """NDR (‰) = pasien meninggal ≥ 48 jam / pasien keluar × 1000."""
        return round(1000 * self.deaths_48h / self.discharges, 1) if self.discharges else None

    def as_dict(self) -> dict:
        return {"year": self.year, "month": self.month, "beds": self.beds, "days": self.days,
                "patient_days": self.patient_days, "discharges": self.discharges, "deaths": self.deaths,
                "bor": self.bor, "alos": self.alos, "bto": self.bto, "toi": self.toi, "gdr": self.gdr, "ndr": self.ndr}


def local_date(at: dt.datetime) -> dt.date:
    return timezone.localtime(at).date()


def patient_days_in(admitted: dt.date, discharged: dt.date | None, first: dt.date, last: dt.date) -> int:
    """Census days of one stay falling inside [first, last]; a still-open stay counts up to `last`."""
    if discharged is not None and discharged == admitted:
        return 1 if first <= admitted <= last else 0
    end = last if discharged is None else min(last, discharged - dt.timedelta(days=1))
    start = max(first, admitted)
    return max((end - start).days + 1, 0)


def length_of_stay(admitted: dt.date, discharged: dt.date) -> int:
    return max((discharged - admitted).days, 1)


def compute(*, stays, beds: int, year: int, month: int, today: dt.date | None = None) -> BedFigures:
    """Figures for the month from (admitted_at, discharged_at, outcome) stays; the current month runs to today."""
    first = dt.date(year, month, 1)
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    if today is not None and first <= today <= last:
        last = today
    patient_days = discharges = deaths = deaths_48h = total_los = 0
    for admitted_at, discharged_at, outcome in stays:
        admitted = local_date(admitted_at)
        discharged = local_date(discharged_at) if discharged_at else None
        if discharged and discharged > last:
            discharged_in_period = False
            census_end = None  # still in bed at the end of the period
        else:
            discharged_in_period = discharged is not None and discharged >= first
            census_end = discharged
        patient_days += patient_days_in(admitted, census_end, first, last)
        if discharged_in_period:
            discharges += 1
            total_los += length_of_stay(admitted, discharged)
            if outcome == "meninggal":
                deaths += 1
                deaths_48h += (discharged_at - admitted_at) >= dt.timedelta(hours=48)
    return BedFigures(year=year, month=month, beds=beds, days=(last - first).days + 1, patient_days=patient_days,
                      discharges=discharges, deaths=deaths, deaths_48h=int(deaths_48h), total_los=total_los)
