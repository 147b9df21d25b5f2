"""Reads on the TB register from each persona's side: our staff, the kader of one desa, another Puskesmas,
the Dinkes; the worklist of terduga not yet registered; the contact target."""

import pytest
from django.http import Http404

from ilp.audit.models import AuditEntry
from ilp.packages.services import record_package
from ilp.tb import selectors, services
from ilp.tb.models import TbCase

from .factories import PRESUMPTIVE_ON, D, adult, contact, index_case, presumptive

SYMPTOMS = {"cough": True, "weight_loss": False, "fever": False, "night_sweats": False}


def test_our_staff_see_the_cases_of_our_wilayah_and_nobody_else_does(perawat, petugas_lain, dinkes):
    case = presumptive(perawat)
    assert list(selectors.case_list(user=perawat)) == [case]
    assert not selectors.case_list(user=petugas_lain).exists()
    assert not selectors.case_list(user=dinkes).exists()


def test_a_kader_sees_only_the_cases_of_their_own_desa(perawat, kader, posyandu, desa_lain):
    ours = presumptive(perawat, adult(desa=posyandu.region))
    presumptive(perawat, adult(desa=[d for d in perawat.facility.wilayah.order_by("code") if d != posyandu.region][0]))
    assert list(selectors.case_list(user=kader)) == [ours]


def test_another_puskesmas_gets_404_and_a_read_is_audited(perawat, petugas_lain):
    case = presumptive(perawat)
    with pytest.raises(Http404):
        selectors.case_get(user=petugas_lain, pk=case.pk)
    selectors.case_get(user=perawat, pk=case.pk)
    assert AuditEntry.objects.filter(action="tbcase.read", target_id=str(case.pk), actor=perawat).exists()


def test_a_contact_living_elsewhere_is_seen_through_its_index_case(dokter, petugas_lain, desa_lain):
    listed = contact(dokter, index_case(dokter), adult(desa=desa_lain))
    assert selectors.contact_get(user=dokter, pk=listed.pk) == listed
    with pytest.raises(Http404):
        selectors.contact_get(user=petugas_lain, pk=listed.pk)


def test_the_worklist_holds_terduga_screenings_until_they_are_registered(perawat):
    patient, healthy = adult(), adult()
    flagged = record_package(actor=perawat, patient=patient, package_id="tbc_skrining", service_date=PRESUMPTIVE_ON, values=SYMPTOMS)
    record_package(actor=perawat, patient=healthy, package_id="tbc_skrining", service_date=PRESUMPTIVE_ON,
                   values={**SYMPTOMS, "cough": False})
    assert list(selectors.presumptive_worklist(user=perawat)) == [flagged]
    services.register_presumptive(actor=perawat, patient=patient, presumptive_on=PRESUMPTIVE_ON, source=TbCase.Source.SKRINING,
                                  screening=flagged)
    assert not selectors.presumptive_worklist(user=perawat).exists()


def test_contact_progress_counts_against_the_target_of_20(dokter, perawat):
    case = index_case(dokter)
    listed = [contact(dokter, case) for _ in range(3)]
    services.screen_contact(actor=perawat, contact=listed[0], screened_on=D(2026, 3, 9), symptomatic=False)
    progress = selectors.contact_progress(case=case)
    assert (progress.listed, progress.screened, progress.target, progress.reached) == (3, 1, 20, False)


def test_the_register_list_takes_a_fixed_number_of_queries(perawat, django_assert_max_num_queries):
    for _ in range(5):
        presumptive(perawat)
    with django_assert_max_num_queries(3):
        rows = list(selectors.case_list(user=perawat))
    assert {r.patient.desa.name for r in rows}
