"""Who sees which patients, facilities and areas (ilp.accounts.scope), from every role's side."""

import pytest

from ilp.accounts.models import Role
from ilp.accounts.tests.factories import UserFactory
from ilp.facilities.models import Facility
from ilp.facilities.selectors import facility_list
from ilp.people.models import Patient
from ilp.people.selectors import patient_list
from ilp.people.tests.factories import PatientFactory
from ilp.regions.models import Region
from ilp.regions.selectors import desa_selectable


@pytest.fixture
def desa_tetangga(puskesmas):
    """Another desa of our wilayah kerja, outside the kader's Posyandu."""
    return puskesmas.wilayah.order_by("code")[1]


@pytest.fixture
def people(desa, desa_tetangga, desa_lain, puskesmas, puskesmas_lain) -> dict[str, Patient]:
    return {
        "posyandu_desa": PatientFactory(desa=desa),
        "tetangga": PatientFactory(desa=desa_tetangga),
        "lain_with_our_rm": PatientFactory(desa=desa_lain, record_at=puskesmas),
        "lain": PatientFactory(desa=desa_lain, record_at=puskesmas_lain),
    }


def visible(user) -> set[int]:
    return set(patient_list(user=user).values_list("pk", flat=True))


def names(people, user) -> set[str]:
    """The keys of `people` whose rows the user sees."""
    seen = visible(user)
    return {key for key, patient in people.items() if patient.pk in seen}


def test_bidan_sees_her_wilayah_and_the_patients_with_a_no_rm_at_her_puskesmas(bidan, people):
    assert names(people, bidan) == {"posyandu_desa", "tetangga", "lain_with_our_rm"}


def test_staff_of_another_puskesmas_see_none_of_ours_but_all_residents_of_theirs(petugas_lain, people):
    # "lain_with_our_rm" lives in their wilayah: a no. RM with us does not hide a resident from them.
    assert names(people, petugas_lain) == {"lain", "lain_with_our_rm"}


def test_kader_sees_only_the_desa_of_her_posyandu(kader, people, posyandu, desa):
    assert posyandu.region == desa
    assert names(people, kader) == {"posyandu_desa"}


def test_pustu_staff_see_only_their_own_desa(people, puskesmas, desa_tetangga):
    pustu = Facility.objects.get(kind=Facility.Kind.PUSTU, region=desa_tetangga, parent=puskesmas)
    assert names(people, UserFactory(role=Role.BIDAN, facility=pustu)) == {"tetangga"}


@pytest.mark.parametrize("persona", ["dinkes", "admin_user"])
def test_regional_roles_and_the_administrator_see_no_patient_rows(request, people, persona):
    assert visible(request.getfixturevalue(persona)) == set()


def test_a_user_without_facility_sees_no_patient_rows(people):
    assert visible(UserFactory(role=Role.BIDAN)) == set()


def test_kepala_puskesmas_sees_the_same_patients_as_his_staff(kapus, bidan, people):
    assert names(people, kapus) == names(people, bidan)


def test_facility_list_of_puskesmas_staff_is_their_puskesmas_and_its_network(bidan, puskesmas):
    facilities = set(facility_list(user=bidan))
    assert facilities == {puskesmas, *puskesmas.children.all()}


def test_facility_list_of_a_kader_is_her_posyandu(kader, posyandu):
    assert list(facility_list(user=kader)) == [posyandu]


def test_facility_list_of_dinkes_is_every_facility_of_its_kabupaten(dinkes):
    assert facility_list(user=dinkes).count() == Facility.objects.filter(region__code__startswith="13.10.").count()


def test_facility_list_of_dinkes_leaves_out_other_kabupaten(dinkes):
    elsewhere = Facility.objects.create(code="P1301", name="Puskesmas Lain Kab", kind=Facility.Kind.PUSKESMAS,
                                        region=Region.objects.get(code="13.01.01"))
    assert elsewhere not in facility_list(user=dinkes)


def test_facility_list_of_the_administrator_is_every_facility(admin_user):
    assert facility_list(user=admin_user).count() == Facility.objects.count()


def test_desa_selectable_for_an_address_is_every_desa_of_the_user_s_kabupaten(pendaftaran):
    expected = Region.objects.filter(level=Region.Level.DESA, code__startswith="13.10.")
    assert set(desa_selectable(user=pendaftaran)) == set(expected)


def test_desa_selectable_is_empty_for_a_user_without_facility(dinkes):
    assert not desa_selectable(user=dinkes).exists()


@pytest.mark.parametrize(("role", "sees", "registers", "reads_audit"), [
    (Role.PENDAFTARAN, True, True, False),
    (Role.BIDAN, True, True, False),
    (Role.KADER, True, True, False),
    (Role.KASIR, True, False, False),
    (Role.APOTEKER, True, False, False),
    (Role.KEPALA_PUSKESMAS, True, True, True),
])
def test_facility_roles_by_what_they_may_do(puskesmas, role, sees, registers, reads_audit):
    user = UserFactory(role=role, facility=puskesmas)
    assert (user.sees_patients, user.can_register, user.reads_audit) == (sees, registers, reads_audit)


@pytest.mark.parametrize("role", [Role.DINKES_KABKOTA, Role.DINKES_PROVINSI, Role.PUSAT])
def test_regional_roles_read_the_audit_log_but_never_see_patients(role):
    user = UserFactory.build(role=role)
    assert (user.is_regional, user.sees_patients, user.can_register, user.reads_audit) == (True, False, False, True)
