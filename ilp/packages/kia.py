"""Buku KIA page of one patient: a mother's ANC contacts and nifas visits; a child's growth charts,
KN visits and immunisation card. Reads only what the packages and immunisations stored."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from ilp.core.views import render_page
from ilp.growth import sd_curves
from ilp.immunization import selectors as immunization_selectors
from ilp.people import selectors as people_selectors

from . import selectors
from .engine.loader import registry
from .models import PackageRecord

DAYS_PER_MONTH = 30.4375
UNDER_FIVE_DAYS = 1856  # the WHO 2006 charts end at 60 completed months (DOMAIN.md §6.1)
FIRST_TWO_YEARS = 731  # length is measured lying (WHO weight-for-length) below 731 days
CURVE_STEP_DAYS = 7
CURVE_STEP_CM = 5  # every 0.5 cm


@dataclass
class AncContact:
    record: PackageRecord
    k: int  # K-number by contact order; same-day contacts count once (DOMAIN.md §1)
    ga_weeks: int | None
    trimester: int | None


@dataclass
class Pregnancy:
    """ANC contacts that share a due date (HPL), in order, with the KMK standard's counts."""

    hpl: dt.date | None
    contacts: list[AncContact] = field(default_factory=list)

    @property
    def days(self) -> int:
        return len({c.record.service_date for c in self.contacts})

    @property
    def per_trimester(self) -> dict[int, int]:
        days = {1: set(), 2: set(), 3: set()}
        for contact in self.contacts:
            if contact.trimester:
                days[contact.trimester].add(contact.record.service_date)
        return {t: len(d) for t, d in days.items()}

    def doctor_in(self, trimester: int) -> bool:
        # The doctor rule checks practitioner + trimester, not the ordinal (DOMAIN.md §1).
        return any(c.trimester == trimester and c.record.performer and c.record.performer.role == "dokter"
                   for c in self.contacts)

    @property
    def doctor_t1(self) -> bool:
        return self.doctor_in(1)

    @property
    def doctor_t3(self) -> bool:
        return self.doctor_in(3)

    @property
    def meets_standard(self) -> bool:
        """K6: ≥ 6 contacts, ≥ 1/2/3 in T1/T2/T3, a doctor in T1 and in T3 (KMK; DOMAIN.md §1)."""
        counts = self.per_trimester
        return (self.days >= 6 and counts[1] >= 1 and counts[2] >= 2 and counts[3] >= 3
                and self.doctor_t1 and self.doctor_t3)


def anc_pregnancies(records) -> list[Pregnancy]:
    """ANC records grouped by HPL, newest pregnancy first; K-numbers count contact days in order."""
    pregnancies: dict[str, Pregnancy] = {}
    for record in sorted(records, key=lambda r: (r.service_date, r.recorded_at)):
        hpl = record.computed.get("hpl") or ""
        pregnancy = pregnancies.setdefault(hpl, Pregnancy(dt.date.fromisoformat(hpl) if hpl else None))
        previous = pregnancy.contacts[-1] if pregnancy.contacts else None
        k = previous.k if previous and previous.record.service_date == record.service_date else (previous.k + 1 if previous else 1)
        pregnancy.contacts.append(AncContact(record, k, record.computed.get("ga_weeks"), record.computed.get("trimester")))
    return sorted(pregnancies.values(), key=lambda p: p.hpl or dt.date.min, reverse=True)


def delivery_summary(record: PackageRecord) -> str:
    """"Puskesmas · Spontan pervaginam · 3100 g", with the labels of the definition the record was made with."""
    package = registry()["persalinan"]
    labels = {f: {c.code: c.label for c in package.field(f).choices} for f in ("place", "method")}
    parts = [labels[f].get(record.values.get(f), record.values.get(f) or "—") for f in ("place", "method")]
    if record.values.get("birth_weight"):
        parts.append(f"{record.values['birth_weight']} g")
    return " · ".join(parts)


def _months(days: float) -> float:
    return round(days / DAYS_PER_MONTH, 3)


def _curve(indicator: str, sex: str, *, until: float, by_age: bool) -> dict:
    curves = sd_curves(indicator, sex, step=CURVE_STEP_DAYS if by_age else CURVE_STEP_CM)
    keep = [i for i, x in enumerate(curves.x) if x <= until]
    x = [_months(curves.x[i]) if by_age else curves.x[i] for i in keep]
    return {"x": x, "lines": {str(k): [round(curves.line(k)[i], 2) for i in keep] for k in range(-3, 4)}}


def _measurements(patient, records) -> list[dict]:
    """Weight and length of every balita or neonatal record, with the age at the visit."""
    points = []
    for record in records:
        if record.package_id not in ("balita", "neonatal"):
            continue
        weight = record.values.get("weight")
        if weight is not None and record.package_id == "neonatal":
            weight = float(weight) / 1000  # the neonatal form weighs in grams
        length = record.computed.get("length_adjusted_cm") or record.values.get("length")
        points.append({"age_days": (record.service_date - patient.birth_date).days, "date": f"{record.service_date:%d-%m-%Y}",
                       "weight": float(weight) if weight is not None else None, "length": float(length) if length else None})
    return sorted(points, key=lambda p: p["age_days"])


def growth_charts(patient, records, *, on: dt.date) -> list[dict]:
    """WHO −3…+3 SD lines for the child's sex and the child's measurements, one dict per chart."""
    age = (on - patient.birth_date).days
    until = FIRST_TWO_YEARS if age < FIRST_TWO_YEARS else UNDER_FIVE_DAYS
    points = _measurements(patient, records)
    by_length = "wfl" if age < FIRST_TWO_YEARS else "wfh"
    months, kg, cm = _("Umur (bulan)"), _("Berat badan (kg)"), _("Panjang/tinggi badan (cm)")
    month_step = 3 if until == FIRST_TWO_YEARS else 6
    return [
        {"id": "wfa", "title": _("Berat badan menurut umur (BB/U)"), "x_label": months, "y_label": kg, "x_step": month_step,
         **_curve("wfa", patient.sex, until=until, by_age=True),
         "points": [{"x": _months(p["age_days"]), "y": p["weight"], "date": p["date"]} for p in points if p["weight"]]},
        {"id": "lhfa", "title": _("Panjang/tinggi badan menurut umur (PB/U, TB/U)"), "x_label": months, "y_label": cm,
         "x_step": month_step,
         **_curve("lhfa", patient.sex, until=until, by_age=True),
         "points": [{"x": _months(p["age_days"]), "y": p["length"], "date": p["date"]} for p in points if p["length"]]},
        {"id": by_length, "title": _("Berat badan menurut panjang/tinggi badan (BB/PB, BB/TB)"), "x_label": cm, "y_label": kg,
         "x_step": 10,
         **_curve(by_length, patient.sex, until=200, by_age=False),
         "points": [{"x": p["length"], "y": p["weight"], "date": p["date"]} for p in points if p["length"] and p["weight"]]},
    ]


def kia(request, pk: int):
    """Buku KIA: what the mother's and the child's pages of the handbook would hold, from the record."""
    if not request.user.sees_patients:
        raise PermissionDenied(_("Peran Anda hanya melihat data agregat, bukan data pasien."))
    patient = people_selectors.patient_get(user=request.user, pk=pk)
    today = timezone.localdate()
    records = list(selectors.record_list(patient=patient).filter(
        package_id__in=("anc", "persalinan", "nifas", "neonatal", "balita")))
    by_package = {name: [r for r in records if r.package_id == name] for name in ("persalinan", "nifas", "neonatal")}
    by_package["persalinan"] = [(r, delivery_summary(r)) for r in by_package["persalinan"]]
    is_child = (today - patient.birth_date).days <= UNDER_FIVE_DAYS
    context = {
        "patient": patient, "active_nav": "people", "pregnancies": anc_pregnancies(r for r in records if r.package_id == "anc"),
        **by_package, "is_child": is_child,
        "charts": {"charts": growth_charts(patient, records, on=today)} if is_child else None,
        "card": immunization_selectors.immunization_card(user=request.user, patient=patient) if is_child else None,
    }
    return render_page(request, "packages/kia.html", context)
