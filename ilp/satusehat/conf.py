"""SATUSEHAT connection settings, per deployment, from the environment (secrets never in the database).

Django settings of the same name win over the environment, so tests point at the local stand-in
with pytest-django's `settings` fixture.
"""

import os
from dataclasses import dataclass

from django.conf import settings

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


def _get(name: str, default: str = "") -> str:
    value = getattr(settings, name, None)
    return str(value) if value is not None else os.environ.get(name, default)


def config() -> Config:
    """The connection in force now (read on every call: cheap, and tests may change it)."""
    return Config(
        url=_get("ILP_SATUSEHAT_URL", DEFAULT_URL).rstrip("/"),
        auth_url=_get("ILP_SATUSEHAT_AUTH_URL", DEFAULT_AUTH_URL).rstrip("/"),
        client_id=_get("ILP_SATUSEHAT_CLIENT_ID"),
        client_secret=_get("ILP_SATUSEHAT_CLIENT_SECRET"),
        org_id=_get("ILP_SATUSEHAT_ORG_ID"),
        timeout=float(_get("ILP_SATUSEHAT_TIMEOUT", "10")),
    )
