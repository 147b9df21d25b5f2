"""Deterministic demo households: families with NIK and KK numbers consistent with birth dates and regions."""

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Callable

from django.db import transaction

from ilp.facilities.models import Facility
from ilp.people.models import Family, FamilyRelation, MedicalRecord, NameToken, Patient, name_key, name_tokens
from ilp.people.nik import build_nik
from ilp.regions.models import Region

from .names import BIRTH_PLACES, FEMALE_FIRST, MALE_FIRST, SECOND, STREETS

BATCH = 2000


class Household:
    """Members of one generated KK: (name, sex, birth date, relation) tuples."""

    def __init__(self, rng: random.Random, today: dt.date):
        self.rng, self.today, self.members = rng, today, []
        head_age = rng.choice([rng.randint(22, 45), rng.randint(22, 60), rng.randint(30, 80)])
        head_sex = "M" if rng.random() < 0.86 else "F"
        self.add(head_sex, head_age, FamilyRelation.KEPALA)
        if head_sex == "M" and rng.random() < 0.9:
            self.add("F", max(18, head_age - rng.randint(0, 8)), FamilyRelation.PASANGAN)
        mother_age = head_age if head_sex == "F" else self.members[-1][2]
        for _ in range(self.children_count(mother_age)):
            # Mothers gave birth between 19 and 40; children over 30 have left to form their own KK.
            child_age = mother_age - rng.randint(19, 40)
            if 0 <= child_age <= 30:
                self.add(rng.choice("MF"), child_age, FamilyRelation.ANAK)
        if rng.random() < 0.12:
            self.add(rng.choice("MF"), min(95, head_age + rng.randint(22, 32)), FamilyRelation.ORANG_TUA)

    def children_count(self, mother_age: int) -> int:
        if mother_age < 20:
            return self.rng.choice([0, 1])
        return min(self.rng.choice([0, 1, 1, 2, 2, 2, 3, 3, 4, 5]), max(0, (mother_age - 18) // 2))

    def add(self, sex: str, age: int, relation: str) -> None:
        birth = self.today - dt.timedelta(days=age * 365 + self.rng.randint(0, 364))
        first = self.rng.choice(MALE_FIRST if sex == "M" else FEMALE_FIRST)
        self.members.append((f"{first} {self.rng.choice(SECOND)}", sex, age, birth, relation))


def _serials() -> Callable[[str], int]:
    counters: dict[str, int] = defaultdict(int)

    def next_serial(key: str) -> int:
        counters[key] += 1
        return counters[key]

    return next_serial


@transaction.atomic
def generate_population(*, kabkota: Region, population: int, seed: int, today: dt.date,
                        progress: Callable[[int], None] | None = None) -> int:
    """Create about `population` residents in households spread over the Kabupaten's desa."""
    rng = random.Random(seed)
    desa_list = list(Region.objects.filter(level=Region.Level.DESA, code__startswith=kabkota.code + ".").select_related("parent"))
    puskesmas_of = {d: f.pk for f in Facility.objects.filter(kind=Facility.Kind.PUSKESMAS, region__parent=kabkota)
                    for d in f.wilayah.values_list("pk", flat=True)}
    serial, made = _serials(), 0
    # BPJS numbers count up from the rows already there, so re-runs and large runs never collide.
    bpjs_numbers = iter(range(Patient.objects.count() + 1, 10**9))
    rm_counter: dict[int, int] = defaultdict(int)
    rm_counter.update({f: MedicalRecord.objects.filter(facility_id=f).count() for f in set(puskesmas_of.values())})
    while made < population:
        households = []
        while len(households) < BATCH // 4 and made < population:
            household = Household(rng, today)
            households.append((rng.choice(desa_list), household))
            made += len(household.members)
        families = Family.objects.bulk_create([
            Family(kk_number=_kk_number(desa, today, rng, serial), desa=desa, address=f"{rng.choice(STREETS)} No. {rng.randint(1, 200)}",
                   rt=f"{rng.randint(1, 12):03d}", rw=f"{rng.randint(1, 6):03d}")
            for desa, _ in households])
        patients = []
        for family, (desa, household) in zip(families, households, strict=True):
            for name, sex, _age, birth, relation in household.members:
                kecamatan = desa.parent.code
                nik = build_nik(kecamatan_code=kecamatan, birth_date=birth, sex=sex, serial=serial(f"{kecamatan}{birth}{sex}"))
                patients.append(Patient(
                    nik=nik, name=name, name_key=name_key(name), birth_date=birth, sex=sex, desa=desa,
                    birth_place=rng.choice(BIRTH_PLACES), address=family.address, family=family, family_relation=relation,
                    phone=f"08{rng.randint(1100000000, 1399999999)}" if _age >= 17 and rng.random() < 0.6 else "",
                    bpjs_number=f"0001{next(bpjs_numbers):09d}" if rng.random() < 0.7 else None,
                    disability=rng.choice(["fisik", "sensorik", "intelektual", "mental"]) if rng.random() < 0.02 else "",
                    registered_at_id=puskesmas_of.get(desa.pk)))
        patients = Patient.objects.bulk_create(patients)
        NameToken.objects.bulk_create(
            [NameToken(patient=p, token=t) for p in patients for t in set(name_tokens(p.name))], batch_size=5000)
        records = []
        for p in patients:
            if p.registered_at_id and rng.random() < 0.6:
                rm_counter[p.registered_at_id] += 1
                records.append(MedicalRecord(patient=p, facility_id=p.registered_at_id, number=f"{rm_counter[p.registered_at_id]:06d}"))
        MedicalRecord.objects.bulk_create(records, batch_size=5000)
        if progress:
            progress(min(made, population))
    return made


def _kk_number(desa: Region, today: dt.date, rng: random.Random, serial) -> str:
    issued = today - dt.timedelta(days=rng.randint(30, 365 * 15))
    prefix = desa.parent.plain_code
    return f"{prefix}{issued:%d%m%y}{serial('kk' + prefix + issued.isoformat()):04d}"
