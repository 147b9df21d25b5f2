"""CKG services: registration once a year in a normal visit, self-report, examination all or nothing, result and follow-up."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from ilp.audit.models import AuditEntry
from ilp.ckg import services
from ilp.ckg.models import CkgRegistration, ResultClass
from ilp.packages.models import PackageRecord
from ilp.packages.services import NeedsConfirmation
from ilp.people.tests.factories import PatientFactory
from ilp.satusehat.models import Delivery
from ilp.tb.models import TbCase
from ilp.visits.models import FollowUp, Visit

from .conftest import born

ADULT_VALUES = {"ptm_dewasa": {"sbp": 150, "dbp": 95, "weight": 80, "height": 165, "waist": 95, "gds": 250,
                               "smoking": "ya", "cholesterol": 250},
                "tbc_skrining": {"cough": True, "weight_loss": True, "fever": False, "night_sweats": False}}


def test_register_ckg_opens_a_registered_ilp_visit(pendaftaran, adult):
    registration, token = services.register_ckg(actor=pendaftaran, patient=adult, payer="umum")
    visit = registration.visit
    assert (registration.group, registration.year) == ("dewasa_40", timezone.localdate().year)
    assert (visit.patient, visit.klaster, visit.status) == (adult, "k3", Visit.Status.OPEN)
    assert services.registration_for_token(token) == registration
    assert registration.self_token_hash != token  # only the hash is stored
    assert AuditEntry.objects.filter(action="ckg.register").count() == 1


def test_register_ckg_refuses_a_second_ckg_in_the_same_year(pendaftaran, dokter, adult):
    first, _token = services.register_ckg(actor=pendaftaran, patient=adult, payer="umum")
    services.record_examination(actor=dokter, registration=first, values={"ptm_dewasa": {"sbp": 118, "dbp": 76}})
    services.finish_ckg(actor=dokter, registration=first)
    visits = Visit.objects.count()
    with pytest.raises(ValidationError) as raised:
        services.register_ckg(actor=pendaftaran, patient=adult, payer="umum")
    assert "sudah ikut CKG tahun" in raised.value.messages[0]
    assert (Visit.objects.count(), CkgRegistration.objects.count()) == (visits, 1)


def test_register_ckg_sends_school_age_children_to_pkg_sekolah(pendaftaran, desa):
    child = PatientFactory(sex="F", birth_date=born(10), desa=desa)
    with pytest.raises(ValidationError) as raised:
        services.register_ckg(actor=pendaftaran, patient=child, payer="umum")
    assert raised.value.messages == [services.groups.SCHOOL_AGE]
    assert not Visit.objects.exists()


def test_a_newborn_without_nik_is_registered_in_the_newborn_group(pendaftaran, desa):
    mother = PatientFactory(sex="F", birth_date=born(28), desa=desa)
    baby = PatientFactory(sex="M", nik=None, birth_date=timezone.localdate() - dt.timedelta(days=2), desa=desa, mother=mother)
    registration, _token = services.register_ckg(actor=pendaftaran, patient=baby, payer="umum")
    assert registration.group == "bbl"


def test_kader_cannot_register_a_ckg(kader, adult):
    with pytest.raises(ValidationError):
        services.register_ckg(actor=kader, patient=adult, payer="umum")


def test_self_report_from_an_unknown_or_expired_link_is_refused(pendaftaran, adult):
    registration, token = services.register_ckg(actor=pendaftaran, patient=adult, payer="umum")
    with pytest.raises(ValidationError) as raised:
        services.submit_self_report(token="tidak-dikenal", answers={})
    assert raised.value.messages == [services.TICKET_INVALID]
    with time_machine.travel(timezone.now() + dt.timedelta(hours=services.SELF_REPORT_HOURS, minutes=1)), \
            pytest.raises(ValidationError):
        services.submit_self_report(token=token, answers={})
    registration.refresh_from_db()
    assert registration.self_submitted_at is None


def test_self_report_is_used_once(pendaftaran, adult):
    _registration, token = services.register_ckg(actor=pendaftaran, patient=adult, payer="umum")
    services.submit_self_report(token=token, answers={"ptm_dewasa": {"smoking": "ya"}})
    with pytest.raises(ValidationError):
        services.submit_self_report(token=token, answers={"ptm_dewasa": {"smoking": "tidak"}})
    assert CkgRegistration.objects.get().self_answers == {"ptm_dewasa": {"smoking": "ya"}}


def test_an_out_of_range_value_saves_nothing_of_any_section(pendaftaran, dokter, adult):
    registration, _token = services.register_ckg(actor=pendaftaran, patient=adult, payer="umum")
    values = {"ptm_dewasa": {"sbp": 400, "dbp": 80}, "tbc_skrining": {"cough": False}, "ckg_dewasa": {"egfr": 90}}
    with pytest.raises(ValidationError) as raised:
        services.record_examination(actor=dokter, registration=registration, values=values)
    assert "ptm_dewasa-sbp" in raised.value.message_dict
    assert not PackageRecord.objects.exists()
    registration.refresh_from_db()
    assert registration.status == CkgRegistration.Status.REGISTERED


def test_unusual_values_need_a_confirmation_before_anything_is_saved(pendaftaran, dokter, adult):
    registration, _token = services.register_ckg(actor=pendaftaran, patient=adult, payer="umum")
    values = {"ptm_dewasa": {"sbp": 190, "dbp": 80}}  # above the soft limit 179
    with pytest.raises(NeedsConfirmation):
        services.record_examination(actor=dokter, registration=registration, values=values)
    assert not PackageRecord.objects.exists()
    services.record_examination(actor=dokter, registration=registration, values=values, confirmed=True)
    assert PackageRecord.objects.filter(package_id="ptm_dewasa").count() == 1


def test_finish_classifies_opens_registries_and_the_tb_presumptive_and_queues_satusehat(pendaftaran, dokter, adult):
    registration, _token = services.register_ckg(actor=pendaftaran, patient=adult, payer="umum")
    records = services.record_examination(actor=dokter, registration=registration, values=ADULT_VALUES)
    assert {r.package_id for r in records} == {"ptm_dewasa", "tbc_skrining"}  # the ILP packages: ILP indicators count them
    services.finish_ckg(actor=dokter, registration=registration)
    registration.refresh_from_db()
    assert registration.result_class == ResultClass.DISEASE_FKTP
    reasons = sorted(f.reason.split(":")[0] for f in FollowUp.objects.filter(patient=adult, reason__startswith="Register CKG"))
    assert reasons == ["Register CKG diabetes", "Register CKG dislipidemia", "Register CKG hipertensi", "Register CKG obesitas"]
    assert TbCase.objects.get(patient=adult).stage == TbCase.Stage.TERDUGA
    assert registration.visit.status == Visit.Status.FINISHED
    assert Delivery.objects.filter(visit=registration.visit, resource_type=Delivery.Resource.ENCOUNTER).exists()


def test_finish_without_examination_is_refused(pendaftaran, dokter, adult):
    registration, _token = services.register_ckg(actor=pendaftaran, patient=adult, payer="umum")
    with pytest.raises(ValidationError) as raised:
        services.finish_ckg(actor=dokter, registration=registration)
    assert raised.value.messages == [services.NOT_EXAMINED]


def test_lansia_examination_reuses_the_lansia_package(pendaftaran, dokter, elder):
    registration, _token = services.register_ckg(actor=pendaftaran, patient=elder, payer="umum")
    services.record_examination(actor=dokter, registration=registration,
                                values={"lansia": {"sbp": 118, "dbp": 70, "amt": 10, "gds15": 1}})
    services.finish_ckg(actor=dokter, registration=registration)
    registration.refresh_from_db()
    assert PackageRecord.objects.get().package_id == "lansia"
    assert registration.result_class == ResultClass.NORMAL


def test_sections_of_another_sex_are_not_recorded(pendaftaran, dokter, adult):
    """A man's CKG has no cervix/breast section: values posted for it are ignored, never stored."""
    registration, _token = services.register_ckg(actor=pendaftaran, patient=adult, payer="umum")
    services.record_examination(actor=dokter, registration=registration,
                                values={"ptm_dewasa": {"sbp": 118, "dbp": 76}, "kanker": {"iva": "negatif"}})
    assert list(PackageRecord.objects.values_list("package_id", flat=True)) == ["ptm_dewasa"]


def test_a_package_no_longer_matching_the_age_is_refused(pendaftaran, dokter, adult):
    registration, _token = services.register_ckg(actor=pendaftaran, patient=adult, payer="umum")
    type(adult).objects.filter(pk=adult.pk).update(birth_date=born(12))  # birth date corrected to a child's
    registration.patient.refresh_from_db()
    with pytest.raises(ValidationError) as raised:
        services.record_examination(actor=dokter, registration=registration, values={"ptm_dewasa": {"sbp": 118, "dbp": 76}})
    assert "tidak cocok lagi" in raised.value.messages[0]
    assert not PackageRecord.objects.exists()


@pytest.fixture
def whatsapp(settings):
    from ilp.outreach import whatsapp_stub

    server = whatsapp_stub.start(port=0)
    settings.ILP_WHATSAPP_API_URL = f"http://127.0.0.1:{server.server_address[1]}/v21.0"
    settings.ILP_WHATSAPP_PHONE_NUMBER_ID = "1234"
    yield server.sent
    server.shutdown()


def test_the_result_goes_to_the_persons_whatsapp_after_commit(pendaftaran, dokter, adult, whatsapp,
                                                              django_capture_on_commit_callbacks):
    type(adult).objects.filter(pk=adult.pk).update(phone="0812-3456-7890")
    registration, _token = services.register_ckg(actor=pendaftaran, patient=type(adult).objects.get(pk=adult.pk), payer="umum")
    services.record_examination(actor=dokter, registration=registration, values={"ptm_dewasa": {"sbp": 118, "dbp": 76}})
    with django_capture_on_commit_callbacks(execute=True):
        services.finish_ckg(actor=dokter, registration=registration)
    assert [(m["to"], "Normal" in m["text"]["body"]) for m in whatsapp] == [("6281234567890", True)]


def test_ckg_is_free_the_visit_goes_to_screening_not_the_kasir(pendaftaran, adult):
    registration, _token = services.register_ckg(actor=pendaftaran, patient=adult)
    visit = registration.visit
    waiting = visit.entries.exclude(status="done").get()
    assert (visit.payer, waiting.station.code, visit.payments.exists()) == ("ckg", "skrining_k3", False)
    paying, _token = services.register_ckg(actor=pendaftaran, patient=PatientFactory(sex="F", birth_date=born(50)),
                                           payer="umum")
    assert paying.visit.entries.exclude(status="done").get().station.code == "kasir"  # the old way: a retribution
