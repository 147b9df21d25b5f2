"""Every URL of ilp.urls, requested with GET by every role, against an explicit table of statuses.

A URL pattern missing from EXPECTED fails `test_every_url_pattern_is_in_the_table`: a new page or
API route cannot ship without deciding, here, who may open it. Path arguments are filled with
objects of our Puskesmas (Sitiung I): a patient of the kader's desa with our no. RM, a household,
our facility, a visit with its referral letter and receipt, a follow-up and a package record.
"""

import base64
import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from ilp.accounts.tests.factories import PASSWORD
from ilp.facilities.models import Facility
from ilp.packages.models import PackageRecord
from ilp.people.tests.factories import FamilyFactory, PatientFactory
from ilp.visits.models import FollowUp, Payment, Referral
from ilp.visits.services import open_visit

PERSONAS = ["anonymous", "pendaftaran", "bidan", "kapus", "kader", "petugas_lain", "dinkes", "admin_user"]
LOGIN = "/masuk/"


def row(signed_in: int, *, anonymous: int = 302, **persona: int) -> dict[str, int]:
    """Expected statuses: `signed_in` for every signed-in persona unless overridden by name."""
    return {"anonymous": anonymous, "*": signed_in, **persona}


NO_PATIENTS = {"dinkes": 403, "admin_user": 403}  # regional roles and the admin never see a patient row
OWN_ROWS = row(200, **NO_PATIENTS)  # lists of the user's own scope; another Puskesmas sees its own
OUR_PATIENT = row(200, petugas_lain=404, **NO_PATIENTS)  # about our patient or household
POST_ONLY = row(405)
FLOW = row(200, kader=403, **NO_PATIENTS)  # the queue of the user's own Puskesmas; no Posyandu staff
OUR_VISIT = row(200, kader=403, petugas_lain=404, **NO_PATIENTS)
API = {"anonymous": 401}
API_POST_ONLY = row(405, anonymous=405)  # the method is checked before the credentials

EXPECTED: dict[str, dict[str, int]] = {
    "dashboards:home": row(200),
    "dashboards:program": row(200),  # indicator cards: counts of the user's own area
    "accounts:login": row(302, anonymous=200),  # a signed-in user is sent home
    "accounts:logout": POST_ONLY,
    "people:patient_list": OWN_ROWS,
    "people:patient_register": OWN_ROWS,
    "people:duplicate_list": OWN_ROWS,
    "people:patient_merge": POST_ONLY,
    "people:patient_detail": OUR_PATIENT,
    "people:patient_correct": OUR_PATIENT,
    "people:family_list": OWN_ROWS,
    "people:family_register": OWN_ROWS,
    "people:family_detail": OUR_PATIENT,
    "people:family_add_member": POST_ONLY,
    "packages:record": OUR_PATIENT,
    "packages:record_detail": OUR_PATIENT,
    "packages:kia": OUR_PATIENT,
    "immunization:card": OUR_PATIENT,
    "immunization:due_list": OWN_ROWS,
    "facilities:facility_list": row(200),
    "facilities:facility_detail": row(200, kader=404, petugas_lain=404),  # a kader sees her Posyandu only
    "indicators:pws": row(200),  # aggregates per desa of the user's own area
    "indicators:sasaran": row(200),
    "clinical:icd10_search": row(200),  # reference data for the diagnosis field
    "audit:entry_list": row(403, kapus=200, dinkes=200, admin_user=200),
    "visits:kiosk": FLOW,
    "visits:station_list": FLOW,
    "visits:worklist": FLOW,
    "visits:visit_list": FLOW,
    "visits:compliance": FLOW,
    "visits:follow_up_list": OWN_ROWS,
    "visits:ticket": OUR_VISIT,
    "visits:visit_detail": OUR_VISIT,
    "visits:referral_letter": OUR_VISIT,
    "visits:receipt": OUR_VISIT,
    "visits:call_next": POST_ONLY,
    "visits:entry_action": POST_ONLY,
    "visits:follow_up_done": POST_ONLY,
    "visits:display_board": row(200, anonymous=200),  # the waiting-room screen: numbers only, no login
    "api:openapi-json": row(200, anonymous=200),
    "api:openapi-view": row(200, anonymous=200),
    "api:api-root": row(404, anonymous=404),
    "api:list_patients": {**OWN_ROWS, **API},
    "api:create_patient": {**OWN_ROWS, **API},  # same route as list_patients: a GET lists
    "api:get_patient": {**OUR_PATIENT, **API},
    "api:get_visit": {**OUR_VISIT, **API},
    "api:list_indicators": {**row(200), **API},
    "api:compute_indicator": {**row(200), **API},
    **{f"api:{name}": API_POST_ONLY for name in (
        "open_visit", "call_next", "call_entry", "start", "skip", "finish", "vitals", "register", "pay", "refer")},
}


def expected_status(name: str, persona: str) -> int:
    table = EXPECTED[name]
    return table.get(persona, table["*"])


def all_patterns():
    """(route, qualified name) of every URL pattern, the API's routes included."""
    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                yield prefix + str(pattern.pattern), namespace + (pattern.name or "")
    return list(walk(get_resolver().url_patterns, "", ""))


@pytest.fixture
def ours(pendaftaran, puskesmas, desa) -> dict:
    """Objects of our Puskesmas for every kind of path argument."""
    patient = PatientFactory(name="Siti Aminah", sex="F", birth_date=dt.date(1995, 3, 1), desa=desa, record_at=puskesmas)
    visit = open_visit(actor=pendaftaran, facility=puskesmas)
    visit.patient = patient
    visit.save(update_fields=["patient"])
    entry = visit.entries.get()
    now = timezone.now()
    referral = Referral.objects.create(visit=visit, kind=Referral.Kind.EXTERNAL, from_station=entry.station, reason="Rujuk",
                                       to_facility=Facility.objects.get(kind=Facility.Kind.FKRTL), created_at=now,
                                       created_by=pendaftaran)
    Payment.objects.create(visit=visit, receipt_number="KW-1", items=[], total=10000, tariff_version="t@1", paid_at=now,
                           cashier=pendaftaran)
    follow_up = FollowUp.objects.create(patient=patient, visit=visit, reason="Kunjungan rumah", created_at=now,
                                        pustu=Facility.objects.get(kind=Facility.Kind.PUSTU, region=desa), created_by=pendaftaran)
    record = PackageRecord.objects.create(patient=patient, facility=puskesmas, package_id="anc", package_version=1,
                                          service_date=now.date(), recorded_at=now, performer=pendaftaran)
    return {"patient": patient, "family": FamilyFactory(desa=desa), "facility": puskesmas, "visit": visit,
            "entry": entry, "referral": referral, "follow_up": follow_up, "record": record}


# Arguments that mean something else on one URL, and the query string a URL cannot answer without.
ARGS_BY_NAME = {"api:compute_indicator": {"code": "k1"}}
QUERY_BY_NAME = {"api:compute_indicator": "?period=2025-06"}


def path_args(name: str, ours: dict) -> dict:
    """Values for a URL's arguments; `pk` means the object the URL is about."""
    pk_of = {"people:family": "family", "people:": "patient", "packages:": "patient", "immunization:": "patient",
             "facilities:": "facility",
             "visits:entry_action": "entry", "visits:follow_up_done": "follow_up", "visits:": "visit"}
    subject = next((obj for prefix, obj in pk_of.items() if name.startswith(prefix)), None)
    return {
        "pk": ours[subject].pk if subject else None, "code": ours["entry"].station.code, "action": "panggil",
        "facility_pk": ours["facility"].pk, "referral_pk": ours["referral"].pk, "package_id": "anc",
        "record_pk": ours["record"].pk, "patient_id": ours["patient"].pk, "visit_id": ours["visit"].pk,
        "entry_id": ours["entry"].pk, "slug": "utama",
    } | ARGS_BY_NAME.get(name, {})


def url_for(route: str, name: str, ours: dict) -> str:
    args = path_args(name, ours)
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(args[m.group(1)]), route) + QUERY_BY_NAME.get(name, "")


def get_as(client, user, url: str):
    """GET as the user: pages through the session, the API as a script would, with HTTP Basic."""
    headers = {}
    if user is not None:
        if url.startswith("/api/"):
            token = base64.b64encode(f"{user.username}:{PASSWORD}".encode()).decode()
            headers["HTTP_AUTHORIZATION"] = f"Basic {token}"
        else:
            client.force_login(user)
    return client.get(url, **headers)


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_url_answers_each_role_as_the_table_says(client, request, ours, persona):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    wrong = []
    for route, name in [(route, name) for route, name in all_patterns() if name in EXPECTED]:
        url = url_for(route, name, ours)
        response = get_as(client, user, url)
        expected = expected_status(name, persona)
        if response.status_code != expected:
            wrong.append(f"{name} {url}: {response.status_code}, expected {expected}")
        elif expected == 302 and persona == "anonymous" and not response["Location"].startswith(f"{LOGIN}?next="):
            wrong.append(f"{name} {url}: redirects to {response['Location']}, expected the login page")
    assert not wrong, "\n".join(wrong)


def test_every_url_pattern_is_in_the_table():
    names = {name for _, name in all_patterns()}
    assert (sorted(names - set(EXPECTED)), sorted(set(EXPECTED) - names)) == ([], []), (
        "new URL patterns need a row in EXPECTED (first list); rows of removed patterns go (second list)")
