"""Patients with valid NIKs (built by ilp.people.nik.build_nik), families and no. RM."""

import datetime as dt

import factory

from ilp.core.choices import Sex
from ilp.demo.names import FEMALE_FIRST, MALE_FIRST, SECOND
from ilp.facilities.models import Facility
from ilp.people.models import Family, MedicalRecord, NameToken, Patient, name_tokens
from ilp.people.nik import build_nik
from ilp.regions.models import Region

OUR_PUSKESMAS = "Puskesmas Sitiung I"


def our_desa() -> Region:
    """The first desa of the wilayah kerja of the personas' Puskesmas (same as the `desa` fixture)."""
    return Facility.objects.get(name=OUR_PUSKESMAS).wilayah.order_by("code").first()


def name_for(patient, n: int) -> str:
    first = FEMALE_FIRST if patient.sex == Sex.FEMALE else MALE_FIRST
    return f"{first[n % len(first)]} {SECOND[n * 7 % len(SECOND)]}"


def nik_for(patient) -> str:
    return build_nik(kecamatan_code=patient.desa.parent.code, birth_date=patient.birth_date, sex=patient.sex,
                     serial=patient.nik_serial)


class FamilyFactory(factory.django.DjangoModelFactory):
    """A household in our wilayah with a 16-digit KK number."""

    class Meta:
        model = Family

    kk_number = factory.Sequence(lambda n: f"1310{n:012d}")
    desa = factory.LazyFunction(our_desa)
    address = factory.Sequence(lambda n: f"Jl. Kenanga No. {n}")


class PatientFactory(factory.django.DjangoModelFactory):
    """A patient living in our wilayah, with a NIK that matches the birth date, sex and kecamatan.

    Pass `nik=None` for a baby without NIK, `desa=` to live elsewhere, `record_at=facility` for a no. RM.
    """

    class Meta:
        model = Patient
        skip_postgeneration_save = True

    class Params:
        nik_serial = factory.Sequence(lambda n: n % 9999 + 1)

    sex = factory.Sequence(lambda n: Sex.FEMALE if n % 2 else Sex.MALE)
    name = factory.LazyAttributeSequence(name_for)
    # A different birth date for every patient, so unrelated patients never look like duplicates.
    birth_date = factory.Sequence(lambda n: dt.date(1970, 1, 1) + dt.timedelta(days=(n * 373) % 18000))
    desa = factory.LazyFunction(our_desa)
    nik = factory.LazyAttribute(nik_for)
    address = "Jl. Lintas Sumatera"

    @factory.post_generation
    def name_index(self, create, extracted, **kwargs):
        # Registration indexes the words of the name; search depends on these rows.
        if create:
            NameToken.objects.bulk_create(NameToken(patient=self, token=t) for t in set(name_tokens(self.name)))

    @factory.post_generation
    def record_at(self, create, extracted, **kwargs):
        if create and extracted:
            MedicalRecordFactory(patient=self, facility=extracted)


class MedicalRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MedicalRecord

    patient = factory.SubFactory(PatientFactory)
    facility = factory.LazyFunction(lambda: Facility.objects.get(name=OUR_PUSKESMAS))
    number = factory.Sequence(lambda n: f"{900000 + n:06d}")
