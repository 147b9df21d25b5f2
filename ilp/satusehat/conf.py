"""SATUSEHAT connection settings, per deployment and per facility, from the environment (secrets never in the database).

One Puskesmas per deployment: ILP_SATUSEHAT_ORG_ID, _CLIENT_ID, _CLIENT_SECRET. A Kabupaten server
hosting several Puskesmas names each one's organization in ILP_SATUSEHAT_ORGS, JSON keyed by the
facility's KEMKES code (decision 0018):
    {"P1310010201": {"org_id": "100025001", "client_id": "...", "client_secret_env": "SS_SITIUNG_SECRET"}}
`client_secret_env` names another environment variable, so the JSON itself can carry no secret;
`client_secret` in the JSON also works. A facility not listed uses the single-organization keys.
Django settings of the same name win over the environment, so tests point at the local stand-in
with pytest-django's `settings` fixture.
"""

import json
import os
from dataclasses import dataclass, replace

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# The local stand-in (`ilp satusehat standin`) listens here by default, with SATUSEHAT's paths.
DEFAULT_URL = "http://127.0.0.1:8092/fhir-r4/v1"
DEFAULT_AUTH_URL = "http://127.0.0.1:8092/oauth2/v1"


@dataclass(frozen=True)
class Config:
    url: str
    auth_url: str
    client_id: str
    client_secret: str
    org_id: str
    timeout: float

    @property
    def complete(self) -> bool:
        return bool(self.client_id and self.client_secret and self.org_id)


def _get(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    return str(value) if value is not None else os.environ.get(name, default)


def organizations() -> dict[str, dict]:
    """ILP_SATUSEHAT_ORGS as {facility code: {org_id, client_id, client_secret | client_secret_env}}."""
    raw = getattr(settings, "ILP_SATUSEHAT_ORGS", None)
    if raw is None:
        raw = os.environ.get("ILP_SATUSEHAT_ORGS", "")
    if isinstance(raw, dict):
        return raw
    try:
        found = json.loads(raw) if raw.strip() else {}
    except ValueError as error:
        raise ImproperlyConfigured(f"ILP_SATUSEHAT_ORGS is not JSON: {error}") from error
    if not isinstance(found, dict) or not all(isinstance(v, dict) and v.get("org_id") for v in found.values()):
        raise ImproperlyConfigured('ILP_SATUSEHAT_ORGS must map facility codes to {"org_id": ..., ...}')
    return found


def config(facility=None) -> Config:
    """The connection in force now for `facility` (a Facility or its code); read on every call: cheap."""
    base = Config(
        url=_get("ILP_SATUSEHAT_URL", DEFAULT_URL).rstrip("/"),
        auth_url=_get("ILP_SATUSEHAT_AUTH_URL", DEFAULT_AUTH_URL).rstrip("/"),
        client_id=_get("ILP_SATUSEHAT_CLIENT_ID"),
        client_secret=_get("ILP_SATUSEHAT_CLIENT_SECRET"),
        org_id=_get("ILP_SATUSEHAT_ORG_ID"),
        timeout=float(_get("ILP_SATUSEHAT_TIMEOUT", "10")),
    )
    code = getattr(facility, "code", facility)
    own = organizations().get(code) if code else None
    if not own:
        return base
    secret = os.environ.get(own["client_secret_env"], "") if own.get("client_secret_env") else own.get("client_secret", "")
    return replace(base, org_id=str(own["org_id"]), client_id=own.get("client_id", ""), client_secret=secret)


def any_configured() -> bool:
    """Whether any organization can send: the single one, or one listed in ILP_SATUSEHAT_ORGS."""
    return config().complete or any(config(code).complete for code in organizations())


def facility_code_of(org_id: str) -> str | None:
    """The facility code whose SATUSEHAT organization is `org_id` (ILP_SATUSEHAT_ORGS, then ILP_SATUSEHAT_FACILITY)."""
    for code, own in organizations().items():
        if str(own["org_id"]) == org_id:
            return code
    if org_id and org_id == _get("ILP_SATUSEHAT_ORG_ID"):
        return _get("ILP_SATUSEHAT_FACILITY") or None
    return None
