"""The WhatsApp channel: webhooks in the Cloud API format, a menu in Bahasa Indonesia, weighing into the balita
package, undo, state in the database; replies go to a local stand-in of the API over real HTTP."""

import datetime as dt
import hashlib
import hmac
import json

import pytest
from django.urls import reverse

from ilp.indicators.models import Fact
from ilp.outreach import whatsapp, whatsapp_stub
from ilp.outreach.models import ChatSession, WhatsAppContact
from ilp.outreach.services import chat
from ilp.packages.models import PackageRecord

from .factories import child

KADER_WA = "6281234567890"


@pytest.fixture(scope="module")
def stub():
    server = whatsapp_stub.start(port=0)
    yield server
    server.shutdown()


@pytest.fixture
def sent(stub, settings):
    settings.ILP_WHATSAPP_API_URL = f"http://127.0.0.1:{stub.server_address[1]}/v21.0"
    settings.ILP_WHATSAPP_TOKEN = "uji"
    settings.ILP_WHATSAPP_PHONE_NUMBER_ID = "1234"
    stub.sent.clear()
    return stub.sent


@pytest.fixture
def contact(kader):
    return WhatsAppContact.objects.create(user=kader, wa_id=KADER_WA)


@pytest.fixture
def say(client, contact, sent, django_capture_on_commit_callbacks):
    """say(text) posts one webhook like the Cloud API does and returns the reply the stand-in received."""
    counter = iter(range(1, 1000))

    def _say(text: str, *, message_id: str | None = None) -> str:
        body = {"object": "whatsapp_business_account", "entry": [{"id": "WABA", "changes": [{"field": "messages", "value": {
            "messaging_product": "whatsapp", "metadata": {"display_phone_number": "628111", "phone_number_id": "1234"},
            "contacts": [{"profile": {"name": "Rina"}, "wa_id": KADER_WA}],
            "messages": [{"from": KADER_WA, "id": message_id or f"wamid.{next(counter)}", "timestamp": "1781500000",
                          "type": "text", "text": {"body": text}}]}}]}]}
        before = len(sent)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("outreach:whatsapp_webhook"), json.dumps(body), content_type="application/json")
        assert response.status_code == 200
        return sent[-1]["text"]["body"] if len(sent) > before else ""
    return _say


@pytest.fixture
def baby(posyandu):
    return child(born=dt.date(2025, 6, 1), desa=posyandu.wilayah.get(), name="Raka Putra")


def test_the_menu_is_in_bahasa_indonesia_and_goes_to_the_api(say, sent, posyandu):
    reply = say("halo")
    assert reply.startswith(f"Menu kader {posyandu.name}:\n1. Timbang balita")
    assert sent[-1]["to"] == KADER_WA and sent[-1]["messaging_product"] == "whatsapp"


def test_weighing_by_chat_records_the_balita_package_with_its_fact(say, baby, kader, posyandu):
    say("0")
    assert "1. Raka Putra" in say("1")
    assert say("1").startswith("Berat badan Raka Putra")
    assert say("8,7").startswith("Tersimpan ✓ Raka Putra: 8,7 kg")
    record = PackageRecord.objects.get(patient=baby)
    assert (record.values["weight"], record.facility, record.performer) == ("8.7", posyandu, kader)
    assert Fact.objects.filter(kind="pkg.balita", person=baby.pk).count() == 1


def test_an_impossible_weight_is_refused_with_the_packages_message(say, baby):
    say("1")
    say("1")
    assert say("400").startswith("400 kg tidak mungkin; batas 0.3–300 kg.")
    assert not PackageRecord.objects.exists()


def test_an_unusual_weight_is_saved_only_after_ya(say, baby):
    say("1")
    say("1")
    assert "Balas YA untuk menyimpan" in say("40")
    assert not PackageRecord.objects.exists()
    assert say("ya").startswith("Tersimpan ✓")


def test_undo_marks_the_last_chat_record_in_error_and_drops_its_fact(say, baby):
    say("1")
    say("1")
    say("8.7")
    assert say("3").startswith("Dibatalkan: Raka Putra 8,7 kg")
    assert PackageRecord.objects.get().status == PackageRecord.Status.ENTERED_IN_ERROR
    assert not Fact.objects.filter(person=baby.pk).exists()
    assert say("3") == chat.NOTHING_TO_UNDO


def test_a_retried_webhook_is_handled_once(say, baby):
    say("1")
    say("1")
    say("8.7", message_id="wamid.sama")
    assert say("8.7", message_id="wamid.sama") == ""
    assert PackageRecord.objects.count() == 1


def test_the_conversation_state_lives_in_the_database(say, contact, baby):
    say("1")
    say("1")
    assert ChatSession.objects.get(contact=contact).state == "weight"


def test_an_unknown_number_is_told_to_register(client, sent, django_capture_on_commit_callbacks, db):
    body = {"entry": [{"changes": [{"value": {"messages": [{"from": "62899", "id": "w1", "type": "text", "text": {"body": "1"}}]}}]}]}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("outreach:whatsapp_webhook"), json.dumps(body), content_type="application/json")
    assert sent[-1]["to"] == "62899" and sent[-1]["text"]["body"] == chat.UNKNOWN_NUMBER


def test_the_webhook_checks_the_verify_token_and_the_signature(client, settings, db):
    settings.ILP_WHATSAPP_VERIFY_TOKEN = "rahasia"
    settings.ILP_WHATSAPP_APP_SECRET = "kunci"
    url = reverse("outreach:whatsapp_webhook")
    ok = client.get(url, {"hub.mode": "subscribe", "hub.verify_token": "rahasia", "hub.challenge": "42"})
    assert (ok.status_code, ok.content) == (200, b"42")
    assert client.get(url, {"hub.mode": "subscribe", "hub.verify_token": "salah", "hub.challenge": "42"}).status_code == 403
    body = b'{"entry": []}'
    good = "sha256=" + hmac.new(b"kunci", body, hashlib.sha256).hexdigest()
    assert client.post(url, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256=good).status_code == 200
    assert client.post(url, body, content_type="application/json", HTTP_X_HUB_SIGNATURE_256="sha256=00").status_code == 403


@pytest.mark.parametrize(("typed", "wa_id"), [("0812-3456-7890", "6281234567890"), ("+62 812 3456 7890", "6281234567890")])
def test_the_kader_registers_her_number_as_the_api_writes_it(client, kader, typed, wa_id):
    client.force_login(kader)
    response = client.post(reverse("outreach:whatsapp_number"), {"number": typed})
    assert response.status_code == 302 and WhatsAppContact.objects.get(user=kader).wa_id == wa_id


def test_a_number_of_another_user_is_refused(client, kader, bidan):
    WhatsAppContact.objects.create(user=bidan, wa_id="6281234567890")
    client.force_login(kader)
    response = client.post(reverse("outreach:whatsapp_number"), {"number": "081234567890"})
    assert response.status_code == 400 and chat.NUMBER_TAKEN in response.content.decode()


def test_an_unconfigured_channel_sends_nothing_and_tries_no_network(settings, monkeypatch):
    settings.ILP_WHATSAPP_API_URL = ""
    settings.ILP_WHATSAPP_TOKEN = ""
    monkeypatch.delenv("ILP_WHATSAPP_API_URL", raising=False)
    monkeypatch.delenv("ILP_WHATSAPP_TOKEN", raising=False)
    tried = []
    monkeypatch.setattr(whatsapp.urllib.request, "urlopen", lambda *a, **k: tried.append(a))
    assert whatsapp.send_text(to="628123456789", body="Halo") is False
    assert tried == []
