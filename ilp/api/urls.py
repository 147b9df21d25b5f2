"""The JSON API (/api/), with its OpenAPI schema at /api/openapi.json and docs at /api/docs."""

import hashlib
import secrets
import time

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied, ValidationError
from ninja import NinjaAPI
from ninja.errors import ValidationError as NinjaValidationError
from ninja.security import HttpBasicAuth, django_auth

from ilp.indicators.api import router as indicators_router
from ilp.people.api import router as people_router
from ilp.visits.api import router as visits_router


class BasicAuth(HttpBasicAuth):
    """HTTP Basic for scripts and other systems; browsers use their session.

    Checking a password hash on every request costs most of a CPU-second here (PBKDF2 by design),
    so a verified username+password is remembered in this process for a few minutes, as a salted
    digest, never the password itself. A changed password or a deactivated user is noticed at once:
    the cache key includes the stored hash, and the user row is read on every request.
    """

    TTL_SECONDS = 300

    def authenticate(self, request, username, password):
        user = _cached_user(username, password)
        if user is None:
            user = authenticate(request, username=username, password=password)
            if user:
                _remember(user, password)
        if user:
            request.user = user
        return user


_VERIFIED: dict[str, float] = {}
_SALT = secrets.token_bytes(16)


def _digest(username: str, stored_hash: str, password: str) -> str:
    return hashlib.sha256(_SALT + f"{username}\0{stored_hash}\0{password}".encode()).hexdigest()


def _cached_user(username: str, password: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if not user:
        return None
    expires = _VERIFIED.get(_digest(username, user.password, password))
    return user if expires and expires > time.monotonic() else None


def _remember(user, password: str) -> None:
    if len(_VERIFIED) > 10_000:
        _VERIFIED.clear()
    _VERIFIED[_digest(user.username, user.password, password)] = time.monotonic() + BasicAuth.TTL_SECONDS



api = NinjaAPI(title="SIP ILP API", version="1", auth=[BasicAuth(), django_auth], urls_namespace="api",
               openapi_url="/openapi.json")
api.add_router("/", people_router)
api.add_router("/", visits_router)
api.add_router("/", indicators_router)


@api.exception_handler(ValidationError)
def validation_error(request, error: ValidationError):
    body = {"errors": error.message_dict} if hasattr(error, "error_dict") else {"errors": {"__all__": error.messages}}
    return api.create_response(request, body, status=400)


# Pydantic's wording, by error type, in words a clerk understands; the rest fall back to a generic line.
SCHEMA_MESSAGES = {
    "missing": "Wajib diisi.",
    "date_from_datetime_parsing": "Tanggal tidak valid; gunakan bentuk YYYY-MM-DD.",
    "date_parsing": "Tanggal tidak valid; gunakan bentuk YYYY-MM-DD.",
    "date_type": "Tanggal tidak valid; gunakan bentuk YYYY-MM-DD.",
    "bool_parsing": "Isi true atau false.",
    "int_parsing": "Isi dengan angka bulat.",
    "decimal_parsing": "Isi dengan angka.",
    "string_type": "Isi dengan teks.",
}


@api.exception_handler(NinjaValidationError)
def schema_error(request, error: NinjaValidationError):
    """Malformed JSON fields get the same {"errors": {field: [message]}} shape as rule violations."""
    errors: dict[str, list[str]] = {}
    for item in error.errors:
        location = [str(part) for part in item.get("loc", ()) if part not in ("body", "payload", "query", "path")]
        field = location[-1] if location else "__all__"
        errors.setdefault(field, []).append(SCHEMA_MESSAGES.get(item.get("type", ""), "Isian tidak valid."))
    return api.create_response(request, {"errors": errors}, status=400)


@api.exception_handler(PermissionDenied)
def permission_denied(request, error: PermissionDenied):
    return api.create_response(request, {"detail": str(error) or "Tidak diizinkan."}, status=403)
