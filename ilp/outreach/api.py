"""JSON API of the offline kader app (/api/kader/): changes since a cursor, uploads, form definitions.

Its own NinjaAPI instance with the project's authentication (HTTP Basic for scripts, the session
for the app), so the app's routes and OpenAPI schema sit together.
"""

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.views.decorators.gzip import gzip_page
from ninja import NinjaAPI, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError
from ninja.security import django_auth

from ilp.api.urls import BasicAuth

from . import offline, services, sync
from .services.sync import Retry

api = NinjaAPI(title="SIP ILP · aplikasi kader", version="1", auth=[BasicAuth(), django_auth],
               urls_namespace="kader_api", openapi_url="/openapi.json")
AGGREGATES_ONLY = "Peran Anda hanya melihat data agregat."


@api.exception_handler(ValidationError)
def validation_error(request, error: ValidationError):
    body = {"errors": error.message_dict} if hasattr(error, "error_dict") else {"errors": {"__all__": error.messages}}
    return api.create_response(request, body, status=400)


@api.exception_handler(PermissionDenied)
def permission_denied(request, error: PermissionDenied):
    return api.create_response(request, {"detail": str(error) or "Tidak diizinkan."}, status=403)


def _user(request):
    if not request.auth.sees_patients:
        raise HttpError(403, AGGREGATES_ONLY)
    return request.auth


@api.get("/me")
def me(request):
    """Who is syncing, for which Posyandu, and today's date on the server."""
    user = _user(request)
    facility = user.facility
    return {"username": user.username, "name": user.get_full_name() or user.username, "role": user.role,
            "facility": {"id": facility.pk, "name": facility.name, "kind": facility.kind}, "today": sync.today_iso(),
            "now": timezone.now().isoformat()}


# Responses are gzipped when the phone accepts it: the first sync of a Posyandu area is ~10x smaller.
@api.get("/changes")
@decorate_view(gzip_page)
def changes(request, cursor: str = "", limit: int = 200):
    """Families, people and records changed since `cursor` (empty: everything), one page at a time."""
    return sync.changes_since(user=_user(request), cursor=sync.Cursor.decode(cursor), limit=limit)


@api.get("/forms")
@decorate_view(gzip_page)
def forms(request):
    """Every form the app records offline (packages, PIS-PK, registration), from the server's definitions."""
    _user(request)
    return offline.forms()


@api.get("/packages/{package_id}")
@decorate_view(gzip_page)
def package_definition(request, package_id: str, form: str = ""):
    """A package's fields and limits; `form=penimbangan` gives only the Posyandu weighing fields."""
    definition = sync.package_definition(package_id, only=sync.WEIGHING_FIELDS if form == "penimbangan" else ())
    if definition is None:
        raise HttpError(404, "Paket tidak dikenal.")
    return definition


class UploadIn(Schema):
    uuid: uuid.UUID
    kind: str
    payload: dict


class UploadsIn(Schema):
    records: list[UploadIn]
    sent_at: dt.datetime | None = None  # the phone's clock when it sent the batch


@api.post("/uploads")
@decorate_view(gzip_page)
def uploads(request, body: UploadsIn):
    """Apply records made offline, in the order given; each answers with its own status, so one bad record
    stops nothing. `retry`: not stored, send again (it names a registration that has not arrived yet)."""
    user = _user(request)
    offset = timezone.now() - body.sent_at if body.sent_at and timezone.is_aware(body.sent_at) else None
    results = []
    for item in body.records[:200]:
        try:
            upload = services.receive_upload(actor=user, uuid=item.uuid, kind=item.kind, payload=item.payload,
                                             clock_offset=offset)
        except Retry as waiting:
            results.append({"uuid": str(item.uuid), "status": "retry", "errors": {"__all__": [str(waiting)]}})
            continue
        except ValidationError as error:
            results.append({"uuid": str(item.uuid), "status": "rejected", "errors": {"__all__": error.messages}})
            continue
        results.append({"uuid": str(upload.uuid), "status": upload.status, "record_id": upload.record_id,
                        "patient_id": upload.patient_id, "family_id": upload.family_id,
                        "errors": upload.errors, "warnings": upload.warnings})
    return {"results": results}
