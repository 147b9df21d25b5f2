"""App clients: registered by the admin with a secret stored hashed; HTTP Basic or a bearer token, like the platform's."""

import base64
import secrets
from dataclasses import dataclass

from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.db import transaction

from ilp.audit import services as audit

from ..models import InboundApp

TOKEN_SECONDS = 3600
_SALT = "ilp.satusehat.inbound.token"


@dataclass(frozen=True)
class AppActor:
    """An app as the audit log names it (`app:<client id>`), in place of a signed-in user."""

    app: InboundApp

    @property
    def username(self) -> str:
        return f"app:{self.app.client_id}"

    role = "aplikasi"
    facility_id = None
    region_id = None


@transaction.atomic
def register_app(*, actor, name: str, facilities) -> tuple[InboundApp, str]:
    """A new app client for `facilities`; returns it and its secret, which is never stored in clear."""
    secret = secrets.token_urlsafe(32)
    app = InboundApp.objects.create(name=name, client_id=f"app-{secrets.token_hex(6)}", secret_hash=make_password(secret),
                                    created_by=actor if getattr(actor, "pk", None) else None)
    app.facilities.set(facilities)
    audit.record(actor=actor, action="satusehat.inbound_app.register", target=app,
                 detail={"client_id": app.client_id, "facilities": [f.code for f in facilities]})
    return app, secret


def app_by_secret(client_id: str, secret: str) -> InboundApp | None:
    app = InboundApp.objects.filter(client_id=client_id, active=True).first()
    return app if app and check_password(secret, app.secret_hash) else None


def issue_token(app: InboundApp) -> str:
    """A signed bearer token; it dies with the app's deactivation or a new secret (the hash is in it)."""
    return signing.dumps({"app": app.client_id, "h": app.secret_hash[-12:]}, salt=_SALT, compress=True)


def app_by_token(token: str) -> InboundApp | None:
    try:
        claims = signing.loads(token, salt=_SALT, max_age=TOKEN_SECONDS)
    except signing.BadSignature:
        return None
    app = InboundApp.objects.filter(client_id=claims.get("app"), active=True).first()
    return app if app and app.secret_hash[-12:] == claims.get("h") else None


def app_of_request(request) -> InboundApp | None:
    """The app named by the Authorization header (Bearer token or Basic client_id:secret), else None."""
    kind, _space, value = request.headers.get("Authorization", "").partition(" ")
    if kind.lower() == "bearer":
        return app_by_token(value.strip())
    if kind.lower() == "basic":
        try:
            client_id, _colon, secret = base64.b64decode(value.strip()).decode().partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
        return app_by_secret(client_id, secret)
    return None


@transaction.atomic
def deactivate_app(*, actor, client_id: str) -> bool:
    """Switch an app off: its secret and tokens stop working at once; what it sent stays."""
    app = InboundApp.objects.filter(client_id=client_id).first()
    if app is None:
        return False
    InboundApp.objects.filter(pk=app.pk).update(active=False)
    audit.record(actor=actor, action="satusehat.inbound_app.deactivate", target=app, detail={"client_id": client_id})
    return True
