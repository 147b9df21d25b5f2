"""The kader app's JSON API: incremental, scoped, resumable sync; idempotent uploads; conflicts kept."""

import base64
import datetime as dt
import json
import uuid

import pytest

from conftest import PASSWORD
from ilp.indicators.models import Fact
from ilp.outreach.models import Attendance, SyncConflict, SyncUpload
from ilp.packages.engine.loader import registry
from ilp.packages.models import PackageRecord

from .factories import child, weigh


@pytest.fixture
def area(posyandu):
    return posyandu.wilayah.get()


def basic(user) -> dict:
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()}


def pull_all(client, user, cursor="", limit=200):
    rows = {"families": [], "people": [], "records": []}
    pages = 0
    while True:
        page = client.get("/api/kader/changes", {"cursor": cursor, "limit": limit}, **basic(user)).json()
        pages += 1
        for key in rows:
            rows[key] += page[key]
        cursor = page["cursor"]
        if not page["more"]:
            return rows, cursor, pages


def upload(client, user, records):
    return client.post("/api/kader/uploads", json.dumps({"records": records}), content_type="application/json", **basic(user))


def weighing(patient, kg, *, key=None, on="2026-06-15", confirmed=False):
    return {"uuid": str(key or uuid.uuid4()), "kind": "weighing",
            "payload": {"patient_id": patient.pk, "service_date": on, "values": {"weight": kg}, "confirmed": confirmed}}


def test_changes_are_scoped_to_the_kaders_desa(client, kader, area, desa_lain):
    ours = child(born=dt.date(2025, 1, 1), desa=area)
    theirs = child(born=dt.date(2025, 1, 2), desa=desa_lain)
    rows, _, _ = pull_all(client, kader)
    ids = {p["id"] for p in rows["people"]}
    assert ours.pk in ids and theirs.pk not in ids


def test_sync_is_incremental_and_resumable_page_by_page(client, kader, area):
    children = [child(born=dt.date(2025, 1, d), desa=area) for d in range(1, 4)]
    weigh(kader, children[0], "9.0", dt.date(2026, 6, 1))
    everything, cursor, _ = pull_all(client, kader)
    by_page, _, pages = pull_all(client, kader, limit=1)
    assert pages >= 3 and {p["id"] for p in by_page["people"]} == {p["id"] for p in everything["people"]}
    assert [r["patient_id"] for r in everything["records"]] == [children[0].pk]

    weigh(kader, children[1], "9.5", dt.date(2026, 6, 2))
    since, _, _ = pull_all(client, kader, cursor=cursor)
    assert since["people"] == [] and [(r["patient_id"], r["weight"]) for r in since["records"]] == [(children[1].pk, "9.5")]


def test_an_upload_records_the_balita_package_once_however_often_it_is_retried(client, kader, area, posyandu):
    baby = child(born=dt.date(2025, 6, 1), desa=area)
    item = weighing(baby, "8.4")
    first = upload(client, kader, [item]).json()["results"][0]
    again = upload(client, kader, [item]).json()["results"][0]
    assert first == again and first["status"] == "accepted"
    record = PackageRecord.objects.get(patient=baby)
    assert record.pk == first["record_id"] and record.facility == posyandu and record.computed["waz"] is not None
    assert Fact.objects.filter(kind="pkg.balita", person=baby.pk).count() == 1
    assert Attendance.objects.get(patient=baby).record == record  # joins the day's session


def test_a_weight_out_of_the_packages_hard_limits_is_rejected_and_kept(client, kader, area):
    baby = child(born=dt.date(2025, 6, 1), desa=area)
    result = upload(client, kader, [weighing(baby, "400")]).json()["results"][0]
    assert result["status"] == "rejected"
    assert result["errors"] == {"weight": ["400 kg tidak mungkin; batas 0.3–300 kg."]}
    assert not PackageRecord.objects.filter(patient=baby).exists()
    assert SyncUpload.objects.get().payload["values"] == {"weight": "400"}


def test_an_unusual_weight_needs_the_kaders_confirmation(client, kader, area):
    baby = child(born=dt.date(2025, 6, 1), desa=area)
    unconfirmed = upload(client, kader, [weighing(baby, "40")]).json()["results"][0]
    confirmed = upload(client, kader, [weighing(baby, "40", confirmed=True)]).json()["results"][0]
    assert unconfirmed["status"] == "rejected" and unconfirmed["warnings"]
    assert confirmed["status"] == "accepted"


def test_a_different_weight_for_the_same_child_and_day_keeps_both_and_flags_the_conflict(client, kader, bidan, area):
    baby = child(born=dt.date(2025, 6, 1), desa=area)
    at_pustu = weigh(bidan, baby, "8.0", dt.date(2026, 6, 15))
    result = upload(client, kader, [weighing(baby, "8.6")]).json()["results"][0]
    assert result["status"] == "conflict"
    assert PackageRecord.objects.filter(patient=baby).count() == 2
    assert SyncConflict.objects.get().existing == at_pustu


def test_a_child_outside_the_scope_is_rejected(client, kader, desa_lain):
    stranger = child(born=dt.date(2025, 6, 1), desa=desa_lain)
    result = upload(client, kader, [weighing(stranger, "8.0")]).json()["results"][0]
    assert result["status"] == "rejected" and result["errors"] == {"patient_id": ["Warga ini tidak ada di wilayah Anda."]}


def test_a_uuid_of_another_user_is_refused(client, kader, bidan, area):
    baby = child(born=dt.date(2025, 6, 1), desa=area)
    item = weighing(baby, "8.0")
    upload(client, kader, [item])
    result = upload(client, bidan, [item]).json()["results"][0]
    assert result["status"] == "rejected" and PackageRecord.objects.count() == 1


def test_the_form_definition_is_the_packages_own(client, kader):
    definition = client.get("/api/kader/packages/balita", {"form": "penimbangan"}, **basic(kader)).json()
    weight = next(f for f in definition["fields"] if f["id"] == "weight")
    package_weight = registry()["balita"].field("weight")
    assert weight["hard"] == [str(x) for x in package_weight.hard] and weight["required"]
    assert [f["id"] for f in definition["fields"]] == ["weight", "length", "measured", "muac"]


@pytest.mark.parametrize(("persona", "status"), [("anonymous", 401), ("dinkes", 403)])
def test_the_api_needs_a_facility_user(client, request, persona, status):
    headers = {} if persona == "anonymous" else basic(request.getfixturevalue(persona))
    assert client.get("/api/kader/changes", **headers).status_code == status


def test_the_shell_manifest_and_service_worker(client, kader):
    client.force_login(kader)
    assert b'rel="manifest"' in client.get("/kader/").content
    assert client.get("/kader/manifest.webmanifest").json()["start_url"] == "/kader/"
    worker = client.get("/kader/sw.js")
    assert worker["Content-Type"].startswith("text/javascript") and b"/static/outreach/kader.js" in worker.content


def test_the_openapi_schema_of_the_kader_api_is_served(client):
    schema = client.get("/api/kader/openapi.json")
    assert schema.status_code == 200 and "/api/kader/changes" in schema.json()["paths"]
