"""A Kabupaten server: each Puskesmas sends as its own SATUSEHAT organization, credentials from the environment."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from ilp.satusehat import conf, worker
from ilp.satusehat.models import Delivery
from ilp.visits.tests.factories import adult, staff

from .factories import finished_visit
from .test_worker import FAST


@pytest.fixture
def two_orgs(satusehat, settings, monkeypatch, puskesmas, puskesmas_lain):
    monkeypatch.setenv("SS_SECRET_LAIN", "rahasia-lain")
    settings.ILP_SATUSEHAT_ORGS = {
        puskesmas.code: {"org_id": "100025001", "client_id": "sitiung", "client_secret": "rahasia-sitiung"},
        puskesmas_lain.code: {"org_id": "100025777", "client_id": "lain", "client_secret_env": "SS_SECRET_LAIN"},
    }
    return satusehat


def test_each_puskesmas_sends_as_its_own_organization(db, two_orgs, puskesmas_lain, desa_lain):
    ours = finished_visit()
    theirs = finished_visit(actor=staff("dokter", facility=puskesmas_lain), patient=adult(desa=desa_lain),
                            facility=puskesmas_lain)
    from ilp.satusehat.models import StaffNik

    StaffNik.objects.create(user=theirs.entries.last().served_by, nik="1310014101800019")
    worker.run(until_idle=True, options=FAST)
    held = two_orgs.state.resources["Encounter"]
    sent = {row.visit_id: held[row.server_id] for row in Delivery.objects.filter(resource_type="Encounter")}
    assert sent[ours.pk]["serviceProvider"] == {"reference": "Organization/100025001"}
    assert sent[theirs.pk]["serviceProvider"] == {"reference": "Organization/100025777"}
    assert sent[theirs.pk]["identifier"][0]["system"] == "http://sys-ids.kemkes.go.id/encounter/100025777"
    assert two_orgs.state.stats()["token_requests"] == 2  # one token per organization, each cached


def test_a_puskesmas_without_credentials_is_a_dead_letter_saying_so(db, satusehat, settings, puskesmas_lain, desa_lain):
    settings.ILP_SATUSEHAT_ORGS = {puskesmas_lain.code: {"org_id": "100025777", "client_id": "lain"}}  # no secret
    visit = finished_visit(actor=staff("dokter", facility=puskesmas_lain), patient=adult(desa=desa_lain),
                            facility=puskesmas_lain)
    worker.run(until_idle=True, options=FAST)
    row = Delivery.objects.get(visit=visit, resource_type="Encounter")
    assert row.status == Delivery.Status.REJECTED
    assert row.reason == worker.NO_FACILITY_CONFIG % {"facility": puskesmas_lain.name}


def test_the_secret_may_live_in_its_own_environment_variable(settings, monkeypatch):
    monkeypatch.setenv("SS_SECRET_X", "dari-env")
    settings.ILP_SATUSEHAT_ORGS = '{"P1": {"org_id": "42", "client_id": "x", "client_secret_env": "SS_SECRET_X"}}'
    found = conf.config("P1")
    assert (found.org_id, found.client_id, found.client_secret) == ("42", "x", "dari-env")
    assert conf.facility_code_of("42") == "P1"


def test_orgs_that_are_not_json_stop_the_worker_with_a_clear_error(settings):
    settings.ILP_SATUSEHAT_ORGS = "{P1: 42"
    with pytest.raises(ImproperlyConfigured):
        conf.config("P1")
