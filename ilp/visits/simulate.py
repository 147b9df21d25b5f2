"""Simulated clinic days: residents walk the ILP flow through the same services as the pages and the API.

`ilp flow simulate` (and so `make demo`) fills a Puskesmas with realistic visits. Each day is a small
discrete-event simulation: arrivals from 07:30, a few counters per station, waiting and service
minutes drawn per station; every step is a call of ilp.visits.services (or ilp.people's selectors)
as the demo staff. The clock: the services read django.utils.timezone.now(), so a time-machine
traveller moves the process clock to each simulated moment and the services write the times
themselves; no row is written or corrected here. Nothing runs past `now`: visits still in the
flow at that moment stay open where they are, as on a real working day.
"""

import datetime as dt
import heapq
import itertools
import random
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ilp.accounts.models import Role
from ilp.clinical.services import CLINICAL_ROLES, record_diagnosis
from ilp.facilities.models import Facility
from ilp.people import selectors as people_selectors
from ilp.people.age import completed_months, completed_years
from ilp.pharmacy import demo as pharmacy_demo
from ilp.pharmacy import services as pharmacy

from . import services
from .models import Payer, Priority, QueueEntry, Visit
from .routing import BACK, HOME

OPENING = 7 * 60 + 30  # 07:30; the loket takes new patients until 12:30, service goes on until 14:00 or so
ARRIVAL_SLOTS = [8, 14, 16, 14, 11, 9, 7, 5, 4, 3]  # relative arrivals per half hour from 07:30
DAY_WEIGHT = [1.25, 1.0, 1.0, 1.0, 0.8, 0.6, 0.0]  # Monday busiest, Saturday half a day, closed on Sunday
# Service minutes per station (low, mode, high), and counters open on a day of ~60 visits (queues form at the
# morning peak, as they do).
SERVICE_MINUTES = {
    "ugd": (15, 25, 60), "pandu_ptm": (2, 3.5, 7), "pendaftaran": (2, 3, 6), "kasir": (1, 2, 4),
    "skrining_k2": (3, 5, 10), "skrining_k3": (3, 5, 10), "klaster2": (7, 12, 25), "klaster3": (7, 12, 25),
    "klaster4": (10, 15, 25), "lab": (15, 25, 45), "gigi": (15, 20, 35), "gizi": (10, 15, 25), "farmasi": (3, 5, 12),
}
SERVERS = {"ugd": 1, "pandu_ptm": 2, "pendaftaran": 1, "kasir": 1, "skrining_k2": 1, "skrining_k3": 1, "klaster2": 1,
           "klaster3": 2, "klaster4": 1, "lab": 1, "gigi": 1, "gizi": 1, "farmasi": 2}
# Who serves where, by role, first one present at the facility (the demo has no kasir, analis or apoteker).
STAFF_ROLES = {
    "kiosk": [Role.PENDAFTARAN], "pendaftaran": [Role.PENDAFTARAN], "kasir": [Role.KASIR, Role.PENDAFTARAN],
    "pandu_ptm": [Role.PERAWAT, Role.BIDAN], "skrining_k2": [Role.BIDAN, Role.PERAWAT], "skrining_k3": [Role.PERAWAT, Role.BIDAN],
    "klaster2": [Role.BIDAN, Role.DOKTER], "klaster3": [Role.DOKTER, Role.PERAWAT], "klaster4": [Role.DOKTER, Role.PERAWAT],
    "ugd": [Role.DOKTER, Role.PERAWAT], "gigi": [Role.DOKTER], "lab": [Role.ANALIS_LAB, Role.PERAWAT],
    "gizi": [Role.GIZI, Role.BIDAN], "farmasi": [Role.APOTEKER, Role.PERAWAT],
}
EMERGENCY, NO_SHOW, INTERNAL, EXTERNAL, TO_PHARMACY = 0.03, 0.012, 0.15, 0.04, 0.85
SKIP_REASON = "Dipanggil 3 kali, tidak hadir"
REFERRALS = {  # internal referral target: reasons a klaster room writes
    "lab": ["Pemeriksaan darah rutin", "Cek gula darah dan kolesterol", "Hb dan protein urin ibu hamil"],
    "klaster4": ["Suspek TBC: batuk lebih dari 2 minggu", "Skrining HIV dan sifilis"],
    "gigi": ["Karies dan nyeri gigi", "Pemeriksaan gigi ibu hamil"],
    "gizi": ["Konseling gizi: berat badan kurang", "Konseling gizi ibu hamil KEK"],
}
EXTERNAL_REASONS = [("Hipertensi tidak terkontrol dengan komplikasi", "I10"), ("Kehamilan risiko tinggi", "O09.9"),
                    ("Suspek fraktur, perlu rontgen", "T14.2"), ("Diabetes dengan ulkus kaki", "E11.5")]
DIAGNOSES = {  # what each room writes most days (ICD-10, relative weight); W2/SKDR diseases included
    "child": [("J06.9", 10), ("A09", 4), ("L20.9", 2), ("K02.9", 2), ("J11.1", 2), ("B86", 1), ("E44.0", 1)],
    "adult": [("I10", 8), ("E11.9", 4), ("J06.9", 6), ("K29.7", 4), ("M54.5", 4), ("L30.9", 2), ("A09", 2),
              ("J11.1", 2), ("E78.0", 2), ("R05", 1)],
    "pregnant": [("Z34.9", 10), ("O21.0", 2), ("O99.0", 1)],
    "klaster4": [("R05", 6), ("Z20.1", 3), ("Z03.0", 1), ("A09", 1)],
    "emergency": [("S61.0", 3), ("T14.1", 3), ("R50.9", 2), ("I10", 1), ("A09", 1)],
}
NOTES = ["ISPA, terapi simptomatik", "Hipertensi, lanjut obat", "Dispepsia", "Kontrol kehamilan, normal",
         "Imunisasi dan pemantauan tumbuh kembang", "Dermatitis", "Diabetes, kontrol gula darah"]


@dataclass(frozen=True)
class Resident:
    pk: int
    sex: str
    birth_date: dt.date
    bpjs_number: str | None
    disability: str
    pregnant: bool  # during the simulated weeks


@dataclass
class Trip:
    """One patient's way through the flow on a simulated day."""

    person: Resident | None
    emergency: bool
    priority: int
    visit: Visit | None = None
    entry: QueueEntry | None = None
    referred: bool = False


@dataclass
class Result:
    days: int = 0
    counts: Counter = field(default_factory=Counter)


def _staff(facility: Facility) -> dict:
    users = list(get_user_model().objects.filter(facility=facility, is_active=True).order_by("pk"))
    staff = {}
    for station, roles in STAFF_ROLES.items():
        person = next((u for role in roles for u in users if u.role == role), None)
        if person is None:
            raise ValueError(f"{facility.name} belum punya petugas {roles[0].label} untuk {station}.")
        staff[station] = person
    return staff


def _residents(clerk, before: dt.date, rng: random.Random) -> tuple[list[Resident], list[float]]:
    """The residents a clerk of the Puskesmas can see, weighted by how often each age group comes."""
    rows = (people_selectors.patient_list(user=clerk).filter(birth_date__lt=before).order_by("pk")
            .values_list("pk", "sex", "birth_date", "bpjs_number", "disability"))
    residents, weights = [], []
    for pk, sex, birth, bpjs_number, disability in rows.iterator(chunk_size=2000):
        age = completed_years(birth, before)
        pregnant = sex == "F" and 18 <= age <= 42 and rng.random() < 0.12
        residents.append(Resident(pk, sex, birth, bpjs_number, disability, pregnant))
        weight = 2.5 if age < 5 else 0.8 if age < 18 else 2.2 if age >= 60 else 1.5 if age >= 50 else (
            1.6 if sex == "F" else 0.7)
        weights.append(weight * (3 if pregnant else 1))
    if not residents:
        raise ValueError(f"Tidak ada penduduk di wilayah {clerk.facility.name}; jalankan `ilp seed-demo` dulu.")
    return residents, list(itertools.accumulate(weights))


def _slots(day: dt.date, limit: dt.datetime) -> list[tuple[float, float, float]]:
    """Arrival windows of a day (start, end minute, weight), cut at `limit`."""
    cut = timezone.localtime(limit)
    stop = (cut.hour * 60 + cut.minute + cut.second / 60) if day == cut.date() else 24 * 60
    windows = []
    for n, weight in enumerate(ARRIVAL_SLOTS):
        start = OPENING + 30 * n
        end = min(start + 30, stop)
        if end > start:
            windows.append((start, end, weight * DAY_WEIGHT[day.weekday()] * (end - start) / 30))
    return [w for w in windows if w[2] > 0]


def plan_days(*, visits: int, days: int, limit: dt.datetime, rng: random.Random) -> dict[dt.date, list[float]]:
    """Arrival minutes per open day over the last `days` days up to `limit`, largest remainder apportioned."""
    today = timezone.localtime(limit).date()
    slots = {d: s for d in (today - dt.timedelta(days=i) for i in range(days - 1, -1, -1)) if (s := _slots(d, limit))}
    if not slots:
        raise ValueError("Tidak ada jam buka dalam rentang itu; tambah --days.")
    weights = {d: sum(w for *_, w in s) for d, s in slots.items()}
    total = sum(weights.values())
    shares = {d: visits * w / total for d, w in weights.items()}
    counts = {d: int(share) for d, share in shares.items()}
    for d in sorted(shares, key=lambda d: (int(shares[d]) - shares[d], d))[: visits - sum(counts.values())]:
        counts[d] += 1
    plan = {}
    for day, day_slots in slots.items():
        chosen = rng.choices(day_slots, weights=[w for *_, w in day_slots], k=counts[day])
        plan[day] = sorted(rng.uniform(start, end) for start, end, _w in chosen)
    return plan


def _vitals(person: Resident, day: dt.date, rng: random.Random) -> dict[str, Decimal]:
    """Plausible Pandu PTM measurements for the person's age and sex."""
    months = completed_months(person.birth_date, day)
    years = months / 12
    adult_weight, adult_height = (62, 163) if person.sex == "M" else (56 + 10 * person.pregnant, 152)
    if years < 5:
        weight = 3.3 + 0.55 * min(months, 12) + 0.18 * max(months - 12, 0)
        height = 50 + 2.1 * min(months, 12) + 0.75 * max(months - 12, 0)
    else:
        weight = min(18 + 3.2 * (years - 5), adult_weight)
        height = min(108 + 5 * (years - 5), adult_height)
    values = {"weight": weight * rng.uniform(0.85, 1.15), "height": height * rng.uniform(0.96, 1.04),
              "temperature": rng.choice([36.4, 36.6, 36.8, 37.0, 37.2, 38.3]), "heart_rate": rng.gauss(82 + 30 * (years < 5), 8),
              "resp_rate": rng.randint(16, 22) + 10 * (years < 5)}
    if years >= 3:
        sbp = min(max(rng.gauss(100 if years < 18 else 122 + 0.3 * max(years - 40, 0), 14), 80), 220)
        values.update(sbp=sbp, dbp=sbp * rng.uniform(0.58, 0.68))
    if years >= 15:
        values["waist"] = values["weight"] * rng.uniform(1.2, 1.5)
    return {k: Decimal(f"{v:.1f}") if k in ("weight", "height", "temperature", "waist") else Decimal(round(v))
            for k, v in values.items()}


class Clinic:
    """One Puskesmas for the length of a run: its stations, counters and staff."""

    def __init__(self, *, facility: Facility, rng: random.Random, traveller, limit: dt.datetime, scale: float):
        self.facility, self.rng, self.traveller, self.limit = facility, rng, traveller, limit
        self.staff = _staff(facility)
        self.servers = {code: max(1, round(n * scale)) for code, n in SERVERS.items()}
        self.hospital = (Facility.objects.filter(kind=Facility.Kind.FKRTL, region__code__startswith=facility.region.code[:5])
                         .order_by("code").first() or Facility.objects.filter(kind=Facility.Kind.FKRTL).order_by("code").first())
        self.counts = Counter()
        self.steps: dict[str, Callable[[str, Trip], QueueEntry | None]] = {
            "pandu_ptm": self._pandu_ptm, "pendaftaran": self._register, "kasir": self._pay, "farmasi": self._home,
            "skrining_k2": self._onward, "skrining_k3": self._onward, "klaster2": self._clinic, "klaster3": self._clinic,
            "ugd": self._clinic, "klaster4": self._unit, "lab": self._unit, "gigi": self._unit, "gizi": self._unit}

    def run_day(self, day: dt.date, arrivals: list[float], choose: Callable[[dt.date, set], Resident]) -> None:
        self.day, self.busy, seq = day, set(), itertools.count()
        self.midnight = timezone.make_aware(dt.datetime.combine(day, dt.time()))
        self.free = dict(self.servers)
        self.waiting: dict[str, list] = {code: [] for code in self.servers}
        self.events: list = []
        self.at = lambda minute, action, *args: heapq.heappush(self.events, (minute, next(seq), action, args))
        for minute in arrivals:
            self.at(minute, self._arrive, choose)
        while self.events:
            minute, _n, action, args = heapq.heappop(self.events)
            moment = self.midnight + dt.timedelta(minutes=minute)
            if moment > self.limit:
                break  # later steps have not happened yet: those visits stay open where they are
            self.traveller.move_to(moment)
            self.minute = minute
            action(*args)

    def _arrive(self, choose) -> None:
        emergency = self.rng.random() < EMERGENCY
        person = None if emergency else choose(self.day, self.busy)
        priority = Priority.NORMAL
        if person:
            self.busy.add(person.pk)
            age = completed_years(person.birth_date, self.day)
            if self.rng.random() < (0.6 if age >= 60 or person.disability else 0.5 if person.pregnant else 0.02):
                priority = Priority.PRIORITY
        trip = Trip(person=person, emergency=emergency, priority=priority)
        trip.visit = services.open_visit(actor=self.staff["kiosk"], facility=self.facility, emergency=emergency,
                                         priority=priority)
        self.counts.update(visits=1, emergency=emergency, priority=priority == Priority.PRIORITY)
        self._queue(trip, trip.visit.entries.select_related("station").get())

    def _queue(self, trip: Trip, entry: QueueEntry) -> None:
        trip.entry = entry
        heapq.heappush(self.waiting[entry.station.code], (entry.priority, self.minute, entry.pk, trip))
        self.at(self.minute, self._call, entry.station.code)

    def _call(self, code: str) -> None:
        if not self.free[code] or not self.waiting[code]:
            return
        # The head of this run's queue, in call_next's order (priority, arrival), called by number:
        # rows waiting from outside the run (the UI, an earlier run) are left to their own clerks.
        trip = heapq.heappop(self.waiting[code])[-1]
        self.free[code] -= 1
        services.call_entry(actor=self.staff[code], entry=trip.entry)
        if code in ("pandu_ptm", "pendaftaran") and self.rng.random() < NO_SHOW:
            self.at(self.minute + 3, self._skip, code, trip)
        else:
            self.at(self.minute + self.rng.uniform(0.3, 1.5), self._start, code, trip)

    def _skip(self, code: str, trip: Trip) -> None:
        # The patient left before being served; no service closes such a visit, so it stays open.
        services.skip_entry(actor=self.staff[code], entry=trip.entry, reason=SKIP_REASON)
        self.counts["left"] += 1
        self._free(code, trip, None)

    def _start(self, code: str, trip: Trip) -> None:
        services.start_service(actor=self.staff[code], entry=trip.entry)
        self.at(self.minute + self.rng.triangular(*SERVICE_MINUTES[code][::2], SERVICE_MINUTES[code][1]), self._done, code, trip)

    def _done(self, code: str, trip: Trip) -> None:
        self._free(code, trip, self.steps[code](code, trip))

    def _free(self, code: str, trip: Trip, following: QueueEntry | None) -> None:
        self.free[code] += 1
        self.at(self.minute, self._call, code)
        if following:
            self._queue(trip, following)
        elif trip.person:
            self.busy.discard(trip.person.pk)

    def _waiting(self, trip: Trip) -> QueueEntry:
        return trip.visit.entries.select_related("station").get(status=QueueEntry.Status.WAITING)

    def _finish(self, code: str, trip: Trip, send_to: str, note: str = "") -> QueueEntry | None:
        if send_to == HOME:
            self.counts["finished"] += 1
        return services.finish_entry(actor=self.staff[code], entry=trip.entry, send_to=send_to, note=note)

    def _pandu_ptm(self, code: str, trip: Trip) -> QueueEntry | None:
        services.record_vitals(actor=self.staff[code], entry=trip.entry, values=_vitals(trip.person, self.day, self.rng))
        return self._finish(code, trip, "pendaftaran")

    def _register(self, code: str, trip: Trip) -> QueueEntry | None:
        clerk, person = self.staff[code], trip.person
        patient = people_selectors.patient_get(user=clerk, pk=person.pk)  # the clerk opens the record found
        payer = Payer.BPJS if person.bpjs_number and self.rng.random() < 0.97 else Payer.UMUM
        postpartum = (not person.pregnant and person.sex == "F" and 18 <= completed_years(person.birth_date, self.day) <= 42
                      and self.rng.random() < 0.03)
        trip.visit = visit = services.register_visit(actor=clerk, entry=trip.entry, patient=patient, payer=payer,
                                                     pregnant=person.pregnant, postpartum=postpartum)
        self.counts.update(bpjs=payer == Payer.BPJS, bpjs_active=visit.payer == Payer.BPJS, pregnant=person.pregnant,
                           klaster2=visit.klaster == "k2")
        return self._waiting(trip)

    def _pay(self, code: str, trip: Trip) -> QueueEntry | None:
        items = ["karcis", "surat_sehat"] if self.rng.random() < 0.05 else ["karcis"]
        services.pay_retribution(actor=self.staff[code], entry=trip.entry, item_codes=items)
        self.counts["kasir"] += 1
        return self._waiting(trip)

    def _onward(self, code: str, trip: Trip) -> QueueEntry | None:
        return self._finish(code, trip, services.allowed_next(trip.entry)[0])

    def _clinic(self, code: str, trip: Trip) -> QueueEntry | None:
        """A klaster room (or UGD): examine, perhaps refer, then pharmacy or home."""
        person, rng = trip.person, self.rng
        if not trip.referred and rng.random() < (0.2 if trip.emergency else INTERNAL):
            trip.referred = True
            return self._refer(code, trip)
        if person and self.hospital and rng.random() < EXTERNAL:
            reason, icd = rng.choice(EXTERNAL_REASONS)
            services.refer_externally(actor=self.staff[code], entry=trip.entry, hospital=self.hospital, reason=reason,
                                      diagnosis=icd)
            self.counts["external"] += 1
        if person:
            self._diagnose(code, trip)
            self._follow_up(code, trip)
        send_to = "farmasi" if rng.random() < (0.6 if trip.emergency else TO_PHARMACY) else HOME
        if send_to == "farmasi" and person:
            self._prescribe(code, trip)
        return self._finish(code, trip, send_to, note=rng.choice(NOTES))

    def _prescribe(self, code: str, trip: Trip) -> None:
        """The room's prescription for the visit's diagnoses (ilp.pharmacy.demo), dispensed at Farmasi."""
        icd = list(trip.visit.conditions.values_list("code", flat=True))
        prescriber = self.staff[code] if self.staff[code].role in CLINICAL_ROLES else self.staff["klaster3"]
        pharmacy.prescribe(actor=prescriber, visit=trip.visit, items=pharmacy_demo.items_for(icd), station_code=code)

    def _refer(self, code: str, trip: Trip) -> QueueEntry:
        person, rng = trip.person, self.rng
        young = person and completed_years(person.birth_date, self.day) < 5
        weights = {"lab": 5, "klaster4": 0 if young or trip.emergency else 1.5, "gigi": 0 if trip.emergency else 2,
                   "gizi": 0 if trip.emergency else 4 if young or person.pregnant else 1}
        target = rng.choices(list(weights), weights=list(weights.values()))[0]
        referral = services.refer_internally(actor=self.staff[code], entry=trip.entry, to_code=target,
                                             reason=rng.choice(REFERRALS[target]), return_requested=rng.random() < 0.9)
        self.counts["internal"] += 1
        return referral.entries.select_related("station").get()

    def _diagnose(self, code: str, trip: Trip) -> None:
        """The room's diagnosis (LB1, W2/SKDR): a chronic one is an old case on most visits."""
        person, rng = trip.person, self.rng
        group = ("emergency" if trip.emergency else "klaster4" if code == "klaster4" else "pregnant" if person.pregnant
                 else "child" if completed_years(person.birth_date, self.day) < 15 else "adult")
        codes, weights = zip(*DIAGNOSES[group], strict=True)
        icd = rng.choices(codes, weights=weights)[0]
        chronic = icd[0] in "EIM" or icd.startswith("Z")
        clinician = self.staff[code] if self.staff[code].role in CLINICAL_ROLES else self.staff["klaster3"]
        record_diagnosis(actor=clinician, visit=trip.visit, code=icd,
                         case="lama" if chronic and rng.random() < 0.7 else "baru")
        self.counts["diagnosis"] += 1

    def _follow_up(self, code: str, trip: Trip) -> None:
        age, rng = completed_years(trip.person.birth_date, self.day), self.rng
        reason = ("Kunjungan rumah ibu hamil: pantau tekanan darah dan tablet tambah darah" if trip.person.pregnant and rng.random() < 0.3
                  else "Pantau berat badan balita di posyandu bulan ini" if age < 5 and rng.random() < 0.1
                  else "Kontrol tekanan darah di Pustu dalam 2 minggu" if age >= 60 and rng.random() < 0.08 else "")
        if reason:
            try:
                services.notify_pustu(actor=self.staff[code], visit=trip.visit, reason=reason)
                self.counts["follow_up"] += 1
            except ValidationError:
                self.counts["no_pustu"] += 1  # desa without a Pustu in the system: the SOP says call the bidan

    def _unit(self, code: str, trip: Trip) -> QueueEntry | None:
        """Lab, gigi, gizi or Klaster 4: back to the referring room when asked, else pharmacy or home."""
        if code == "klaster4" and trip.person:
            self._diagnose(code, trip)
        if BACK in services.allowed_next(trip.entry):
            self.counts["returned"] += 1
            return self._finish(code, trip, BACK, note="Hasil terlampir")
        return self._finish(code, trip, "farmasi" if self.rng.random() < TO_PHARMACY else HOME, note="Selesai")

    def _home(self, code: str, trip: Trip) -> QueueEntry | None:
        self.counts["farmasi"] += 1
        for prescription in trip.visit.prescriptions.filter(status="waiting"):
            try:
                pharmacy.dispense_prescription(actor=self.staff[code], prescription=prescription)
            except ValidationError:
                self.counts["stok_kurang"] += 1  # out of stock: the patient is told to come back
        return self._finish(code, trip, HOME, note="Obat diserahkan dengan penjelasan")


def simulate_flow(*, facility: Facility, visits: int, seed: int, days: int = 1, now: dt.datetime | None = None,
                  progress: Callable[[int, int], None] | None = None) -> Result:
    """Walk `visits` visits through the flow over the last `days` days up to `now`; one transaction per day."""
    limit = now or timezone.now()
    rng = random.Random(seed)
    plan = plan_days(visits=visits, days=days, limit=limit, rng=rng)
    busiest = max(len(a) for a in plan.values())
    result = Result(days=len(plan))
    with time_machine.travel(timezone.make_aware(dt.datetime.combine(min(plan), dt.time(6))), tick=False) as traveller:
        clinic = Clinic(facility=facility, rng=rng, traveller=traveller, limit=limit, scale=max(1.0, busiest / 70))
        residents, cumulative = _residents(clinic.staff["pendaftaran"], min(plan), rng)

        def choose(day: dt.date, busy: set) -> Resident:
            # A resident not already in the Puskesmas today, born by then (bounded draws).
            for _ in range(200):
                person = rng.choices(residents, cum_weights=cumulative)[0]
                if person.pk not in busy and person.birth_date < day:
                    return person
            raise ValueError("Penduduk terlalu sedikit untuk jumlah kunjungan ini.")

        for day, arrivals in plan.items():
            with transaction.atomic():
                clinic.run_day(day, arrivals, choose)
            if progress:
                progress(clinic.counts["visits"], visits)
    result.counts = clinic.counts
    result.counts["open"] = result.counts["visits"] - result.counts["finished"] - result.counts["left"]
    return result
