"""A newborn without NIK at the CKG desk: registered under the mother's NIK and the CKG, in one step."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ilp.ckg import services
from ilp.ckg.models import CkgRegistration
from ilp.people.models import Patient
from ilp.people.tests.factories import FamilyFactory, PatientFactory
from ilp.visits.models import Visit

from .conftest import born


@pytest.fixture
def mother(desa, puskesmas):
    family = FamilyFactory(desa=desa)
    return PatientFactory(name="Siti Aminah", sex="F", birth_date=born(27), desa=desa, record_at=puskesmas,
                          family=family, family_relation="pasangan", address="Jorong Koto Baru")


def test_newborn_is_registered_in_the_mothers_family_with_the_ckg(pendaftaran, mother):
    birth = timezone.localdate() - dt.timedelta(days=2)
    registration, _token = services.register_newborn_ckg(actor=pendaftaran, mother_nik=mother.nik, sex="M",
                                                         birth_date=birth, payer="umum")
    baby = registration.patient
    assert (baby.name, baby.nik, baby.mother, baby.family, baby.family_relation) == (
        "Bayi Ny. Siti Aminah", None, mother, mother.family, "anak")
    assert (baby.desa, baby.address, baby.birth_date) == (mother.desa, "Jorong Koto Baru", birth)
    assert registration.group == "bbl" and registration.visit.patient == baby
    assert baby.medical_records.filter(facility=pendaftaran.facility.puskesmas).exists()  # a no. RM at this Puskesmas


def test_grandchild_when_the_mother_is_a_child_of_the_head(pendaftaran, desa):
    family = FamilyFactory(desa=desa)
    young_mother = PatientFactory(sex="F", birth_date=born(20), desa=desa, family=family, family_relation="anak")
    registration, _ = services.register_newborn_ckg(actor=pendaftaran, mother_nik=young_mother.nik, sex="F",
                                                    birth_date=timezone.localdate() - dt.timedelta(days=3), payer="umum")
    assert registration.patient.family_relation == "cucu"


def test_a_baby_too_old_for_the_newborn_ckg_is_not_left_registered(pendaftaran, mother):
    patients = Patient.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.register_newborn_ckg(actor=pendaftaran, mother_nik=mother.nik, sex="M",
                                      birth_date=timezone.localdate() - dt.timedelta(days=60), payer="umum")
    assert raised.value.messages == [services.groups.INFANT_AGE]
    assert (Patient.objects.count(), Visit.objects.count(), CkgRegistration.objects.count()) == (patients, 0, 0)


def test_unknown_or_male_nik_is_refused(pendaftaran, desa, mother):
    father = PatientFactory(name="Andi", sex="M", birth_date=born(30), desa=desa)
    patients = Patient.objects.count()
    for nik, text in (("1305010101990001", "Tidak ada ibu dengan NIK 1305010101990001"), (father.nik, "(laki-laki)")):
        with pytest.raises(ValidationError) as raised:
            services.register_newborn_ckg(actor=pendaftaran, mother_nik=nik, sex="M",
                                          birth_date=timezone.localdate(), payer="umum")
        assert text in raised.value.message_dict["mother_nik"][0]
    assert Patient.objects.count() == patients


def test_newborn_form_keeps_the_input_on_error_and_registers_on_success(client, pendaftaran, mother):
    client.force_login(pendaftaran)
    url = reverse("ckg:register_newborn")
    old = (timezone.localdate() - dt.timedelta(days=45)).isoformat()
    response = client.post(url, {"mother_nik": mother.nik, "sex": "F", "birth_date": old, "payer": "umum"})
    assert response.status_code == 200
    assert services.groups.INFANT_AGE in response.content.decode() and f'value="{mother.nik}"' in response.content.decode()
    assert not CkgRegistration.objects.exists()
    today = timezone.localdate().isoformat()
    response = client.post(url, {"mother_nik": mother.nik, "sex": "F", "birth_date": today, "payer": "umum"})
    registration = CkgRegistration.objects.get()
    assert response.status_code == 302 and response.url == registration.get_absolute_url()
    assert registration.patient.name == "Bayi Ny. Siti Aminah"
