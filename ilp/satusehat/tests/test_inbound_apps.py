"""App clients: registered by the admin's command, the secret shown once and kept only as a hash."""

import json

import pytest
from django.core.management import CommandError, call_command

from ilp.audit.models import AuditEntry
from ilp.satusehat.inbound import apps
from ilp.satusehat.models import InboundApp


def register(capsys, *args) -> dict:
    call_command("satusehat", "inbound-app", *args)
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_the_command_registers_an_app_whose_secret_is_stored_only_hashed(db, capsys, puskesmas):
    shown = register(capsys, "Aplikasi Posyandu", "--facility", puskesmas.code)
    app = InboundApp.objects.get(client_id=shown["client_id"])
    assert shown["client_secret"] not in app.secret_hash and list(app.facilities.all()) == [puskesmas]
    assert apps.app_by_secret(app.client_id, shown["client_secret"]) == app
    assert apps.app_by_secret(app.client_id, shown["client_secret"] + "x") is None
    assert AuditEntry.objects.filter(action="satusehat.inbound_app.register", target_id=str(app.pk)).exists()


def test_a_token_dies_with_the_app(db, capsys, puskesmas):
    shown = register(capsys, "Aplikasi Posyandu", "--facility", puskesmas.code)
    app = InboundApp.objects.get(client_id=shown["client_id"])
    token = apps.issue_token(app)
    assert apps.app_by_token(token) == app
    call_command("satusehat", "inbound-app", "--deactivate", app.client_id)
    assert apps.app_by_token(token) is None and apps.app_by_secret(app.client_id, shown["client_secret"]) is None


def test_an_unknown_facility_code_registers_nothing(db):
    with pytest.raises(CommandError):
        call_command("satusehat", "inbound-app", "Aplikasi", "--facility", "TIDAK-ADA")
    assert not InboundApp.objects.exists()
