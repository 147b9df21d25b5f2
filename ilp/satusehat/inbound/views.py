"""The inbound FHIR R4 endpoint at /fhir/R4/ and its token endpoint: apps authenticate, we answer like the platform."""

import urllib.parse

from django.contrib.auth.decorators import login_not_required
from django.db import IntegrityError
from django.http import HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from ilp.audit import services as audit

from .. import validator
from ..fhirjson import dumps, loads
from . import apps, receive

UNAUTHORIZED = "Aplikasi tidak dikenal atau kunci salah: minta token di /fhir/oauth2/v1/accesstoken atau pakai HTTP Basic."
NOT_JSON = "Isi permintaan bukan JSON FHIR."
WRONG_TYPE = "resourceType harus %(kind)s (sesuai URL)."
BUSY = "Resource yang sama sedang diproses; kirim ulang sebentar lagi."


def _answer(status: int, body: dict, **headers) -> HttpResponse:
    response = HttpResponse(dumps(body), status=status, content_type="application/fhir+json")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _problem(status: int, code: str, text: str, **headers) -> HttpResponse:
    return _answer(status, validator.outcome([validator.issue(code, "", text)]), **headers)


@login_not_required
@csrf_exempt
@require_POST
def token(request):
    """client_credentials, as SATUSEHAT's own /oauth2/v1/accesstoken: form client_id and client_secret."""
    app = apps.app_by_secret(request.POST.get("client_id", ""), request.POST.get("client_secret", ""))
    if app is None:
        return _answer(401, {"error": "invalid_client"})
    return _answer(200, {"access_token": apps.issue_token(app), "token_type": "BearerToken",
                         "expires_in": str(apps.TOKEN_SECONDS), "client_id": app.client_id, "status": "approved"})


@login_not_required
@csrf_exempt
@require_POST
def fhir(request, resource_type: str = ""):
    """POST a transaction Bundle to the base, or one Encounter/Observation/Condition/Immunization to its type."""
    app = apps.app_of_request(request)
    if app is None:
        return _problem(401, "login", UNAUTHORIZED, WWW_Authenticate='Bearer realm="ilp", Basic realm="ilp"')
    try:
        resource = loads(request.body)
    except ValueError:
        return _problem(400, "structure", NOT_JSON)
    kind = resource.get("resourceType") if isinstance(resource, dict) else None
    if kind != (resource_type or "Bundle"):
        return _problem(400, "structure", WRONG_TYPE % {"kind": resource_type or "Bundle"})
    try:
        if resource_type:
            status, body, record = receive.receive_resource(app=app, resource=resource)
            location = f"{request.build_absolute_uri(request.path).rstrip('/')}/{record.pk}"
            return _answer(status, body, Location=location)
        return _answer(200, receive.receive_bundle(app=app, bundle=resource))
    except receive.Refusal as refusal:
        audit.record(actor=apps.AppActor(app), action="satusehat.inbound.refused", target=app,
                     detail={"status": refusal.status, "issues": [i["diagnostics"] for i in refusal.outcome["issue"][:3]],
                             "path": urllib.parse.unquote(request.path)})
        return _answer(refusal.status, refusal.outcome)
    except IntegrityError:
        return _problem(409, "conflict", BUSY)
