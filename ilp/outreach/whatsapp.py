"""WhatsApp Business Cloud API: read a webhook's messages, check its signature, send a text reply.

Settings from the environment (or Django settings of the same name): ILP_WHATSAPP_API_URL (the Graph
API base, a local stand-in in tests), ILP_WHATSAPP_TOKEN, ILP_WHATSAPP_PHONE_NUMBER_ID,
ILP_WHATSAPP_VERIFY_TOKEN (webhook subscription) and ILP_WHATSAPP_APP_SECRET (X-Hub-Signature-256).
"""

import hashlib
import hmac
import json
import logging
import os
import urllib.request
from dataclasses import dataclass

from django.conf import settings

log = logging.getLogger(__name__)


def setting(name: str, default: str = "") -> str:
    return str(getattr(settings, name, "") or os.environ.get(name, default))


@dataclass(frozen=True)
class Incoming:
    wa_id: str
    message_id: str
    text: str


def incoming_messages(payload: dict) -> list[Incoming]:
    """Text (and button/list reply) messages of a webhook body; statuses and other kinds are ignored."""
    found = []
    for entry in payload.get("entry") or []:
        for change in entry.get("changes") or []:
            for message in (change.get("value") or {}).get("messages") or []:
                kind = message.get("type")
                if kind == "text":
                    text = (message.get("text") or {}).get("body", "")
                elif kind == "interactive":
                    reply = message.get("interactive") or {}
                    text = (reply.get("button_reply") or reply.get("list_reply") or {}).get("id", "")
                elif kind == "button":
                    text = (message.get("button") or {}).get("text", "")
                else:
                    text = ""
                found.append(Incoming(wa_id=str(message.get("from", "")), message_id=str(message.get("id", "")), text=text))
    return found


def signature_ok(body: bytes, header: str) -> bool:
    """X-Hub-Signature-256 = sha256=HMAC(app secret, raw body); without a configured secret, accept (dev)."""
    secret = setting("ILP_WHATSAPP_APP_SECRET")
    if not secret:
        return True
    expected = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, header or "")


def send_text(*, to: str, body: str) -> bool:
    """POST /{phone-number-id}/messages; a failure is logged, never raised (the reply is also in ChatMessage).

    With neither an API URL nor a token configured the channel is off (a demo or a Puskesmas without a
    WhatsApp Business number): nothing is sent and nothing is tried on the internet."""
    if not setting("ILP_WHATSAPP_API_URL") and not setting("ILP_WHATSAPP_TOKEN"):
        log.info("WhatsApp belum dikonfigurasi; pesan ke %s tidak dikirim.", to)
        return False
    url = f"{setting('ILP_WHATSAPP_API_URL', 'https://graph.facebook.com/v21.0').rstrip('/')}/" \
          f"{setting('ILP_WHATSAPP_PHONE_NUMBER_ID', '0')}/messages"
    data = json.dumps({"messaging_product": "whatsapp", "recipient_type": "individual", "to": to, "type": "text",
                       "text": {"preview_url": False, "body": body}}).encode()
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": "application/json", "Authorization": f"Bearer {setting('ILP_WHATSAPP_TOKEN')}"})
    try:
        with urllib.request.urlopen(request, timeout=float(setting("ILP_WHATSAPP_TIMEOUT", "3"))) as response:  # noqa: S310 (our configured URL)
            return 200 <= response.status < 300
    except OSError as error:
        log.warning("WhatsApp send to %s failed: %s", to, error)
        return False
