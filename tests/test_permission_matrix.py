"""Every URL of ilp.urls, requested with GET by every role, against an explicit table of statuses.

A URL pattern missing from EXPECTED fails `test_every_url_pattern_is_in_the_table`: a new page or
API route cannot ship without deciding, here, who may open it. Path arguments are filled with
objects of our Puskesmas (Sitiung I): a patient of the kader's desa with our no. RM, a household,
our facility, a visit with its referral letter, receipt and SATUSEHAT delivery, a follow-up, a package
record, the kader's Posyandu with today's session, the patient's attendance and a sync conflict, and
a confirmed TB case of the patient with one household contact.
"""

import base64
import datetime as dt
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from conftest import make_user
from ilp.accounts.models import Role
from ilp.accounts.tests.factories import PASSWORD
from ilp.ckg.models import CkgRegistration, School
from ilp.emergency.services import start_arrival
from ilp.facilities.models import Facility
from ilp.inpatient.models import Admission
from ilp.inpatient.services import set_ward_beds
from ilp.kesling.checklists import checklists
from ilp.kesling.services import record_counselling, record_inspection
from ilp.lab.models import LabOrder
from ilp.management.tests.factories import matrix_objects
from ilp.network.tests.factories import network_matrix_objects
from ilp.outreach.choices import SyncStatus
from ilp.outreach.models import SyncConflict, SyncUpload
from ilp.outreach.services import open_session, register_attendance
from ilp.packages.models import PackageRecord
from ilp.people.tests.factories import FamilyFactory, PatientFactory
from ilp.pharmacy.services import prescribe
from ilp.reports.tests.factories import diagnosis
from ilp.satusehat.models import Delivery
from ilp.surveillance.models import Alert
from ilp.tb.tests.factories import contact, index_case
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
PUBLIC = row(200, anonymous=200)

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
    "indicators:boundaries": row(403, dinkes=200, admin_user=200),  # the Dinkes uploads desa boundaries (GeoJSON)
    "indicators:quality": row(200),  # reporting completeness/timeliness and outliers of the user's own area
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
    "visits:visit_cancel": POST_ONLY,
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
    "reports:index": row(200),  # report forms of the user's own area: aggregates only, regional roles included
    "reports:dhis2": row(200),  # with ?period: the DHIS2 file of the user's own area
    # TB register: patients by name (a kader of the desa traces contacts); steps are POSTed.
    "tb:case_list": OWN_ROWS,
    "tb:case_create": OUR_PATIENT,
    "tb:case_detail": OUR_PATIENT,
    "tb:case_step": POST_ONLY,
    "tb:contact_create": OUR_PATIENT,
    "tb:contact_detail": OUR_PATIENT,
    "tb:contact_step": POST_ONLY,
    # Poli Gigi and Ruang Gizi: rooms of the flow (no Posyandu staff); another Puskesmas gets 404 on our patient.
    "dental:exam_list": FLOW,
    "dental:chart": OUR_VISIT,
    "dental:treatment_add": POST_ONLY,
    "nutrition:home": FLOW,
    "nutrition:counselling": OUR_VISIT,
    "nutrition:pmt_start": POST_ONLY,
    "nutrition:pmt_detail": OUR_VISIT,
    "nutrition:distribution_add": POST_ONLY,
    "nutrition:pmt_finish": POST_ONLY,
    # Laboratory of our Puskesmas: staff by name (not the kader); orders and sheets of our patients.
    "lab:worklist": FLOW,
    "lab:import_results": FLOW,
    "lab:order_create": OUR_VISIT,
    "lab:order_detail": OUR_VISIT,
    "lab:order_sheet": OUR_VISIT,
    "lab:patient_results": OUR_VISIT,
    **{f"lab:{name}": POST_ONLY for name in ("order_specimen", "order_results", "order_validate")},
    # UGD and rawat inap of our Puskesmas: staff by name (not the kader); steps are POSTed.
    "emergency:board": FLOW,
    "emergency:arrive": FLOW,
    "emergency:case_detail": OUR_VISIT,
    "emergency:case_step": POST_ONLY,
    "inpatient:ward_board": FLOW,
    "inpatient:admit": FLOW,
    "inpatient:occupancy": FLOW,
    "inpatient:admission_detail": OUR_VISIT,
    "inpatient:discharge_summary": OUR_VISIT,
    "inpatient:admission_step": POST_ONLY,
    # Delivery status per visit, names included: the head of the Puskesmas and the administrator only.
    "satusehat:status": row(403, kapus=200, admin_user=200),
    "satusehat:resend": POST_ONLY,
    # Inbound FHIR for third-party apps: POST only, authenticated by the app's own credentials.
    **{f"satusehat:{name}": API_POST_ONLY for name in ("inbound_token", "inbound_bundle", "inbound_resource")},
    # Posyandu: the kader's own Posyandu (and the Puskesmas staff over it); another Puskesmas gets 404.
    "outreach:session_list": OWN_ROWS,
    "outreach:session_open": POST_ONLY,
    "outreach:schedule_set": POST_ONLY,
    "outreach:skdn": OUR_PATIENT,  # the named balita of our Posyandu
    "outreach:session_detail": OUR_PATIENT,
    "outreach:session_kader": POST_ONLY,
    "outreach:attendance_register": POST_ONLY,
    "outreach:attendance_step": POST_ONLY,
    "outreach:attendance_weigh": OUR_PATIENT,
    "outreach:attendance_refer": POST_ONLY,
    "outreach:session_close": POST_ONLY,
    "outreach:session_recap": OUR_PATIENT,
    "outreach:conflict_list": OWN_ROWS,
    "outreach:conflict_review": POST_ONLY,
    "outreach:visit_plan": OUR_PATIENT,  # whom the kader visits at home, by name
    "outreach:family_visit": OUR_PATIENT,
    "outreach:iks": row(200),  # IKS per desa and Puskesmas of the user's own area: aggregates
    "outreach:outreach_dashboard": row(200),  # Posyandu, SKDN, home visits, IKS per desa of the user's area: aggregates
    "outreach:kader_app": row(200),  # the offline app's shell: no data in it, the API below decides
    "outreach:kader_manifest": PUBLIC,  # fetched by the browser without the session
    "outreach:kader_sw": PUBLIC,
    "outreach:whatsapp_number": OWN_ROWS,  # the user's own number, for roles that record by name
    "outreach:whatsapp_webhook": row(403, anonymous=403),  # Meta proves itself by the verify token, not a login
    "kader_api:openapi-json": PUBLIC,
    "kader_api:openapi-view": PUBLIC,
    "kader_api:api-root": row(404, anonymous=404),
    "kader_api:me": {**OWN_ROWS, **API},
    "kader_api:changes": {**OWN_ROWS, **API},
    "kader_api:package_definition": {**row(200), **API},  # form definitions: no patient data
    "kader_api:forms": {**OWN_ROWS, **API},  # every offline form, for roles that record by name
    "kader_api:uploads": API_POST_ONLY,
    # Surveillance: cases carry names (facility staff); weekly counts and alerts are aggregates, the Dinkes too.
    "surveillance:case_list": OWN_ROWS,
    "surveillance:case_create": OWN_ROWS,
    "surveillance:case_detail": OUR_PATIENT,
    "surveillance:weekly": row(200),
    "surveillance:alert_list": row(200),
    "surveillance:alert_detail": row(200, petugas_lain=404),
    "surveillance:alert_step": POST_ONLY,
    # Kesling: inspections and counselling for facility staff; the recap per desa (counts) for everyone.
    "kesling:inspection_list": OWN_ROWS,
    "kesling:inspection_create": OWN_ROWS,
    "kesling:inspection_detail": row(200, petugas_lain=404, **NO_PATIENTS),
    "kesling:recap": row(200),
    "kesling:counselling_list": OWN_ROWS,
    "kesling:counselling_create": OUR_PATIENT,
    "kesling:counselling_detail": OUR_PATIENT,
    # Farmasi: the user's own Puskesmas or Pustu; prescriptions by dokter/bidan/perawat; stock changed by the
    # apoteker or the head (nakes at a Pustu); no kader, no regional role (LPLPO reaches them as a report).
    "pharmacy:worklist": FLOW,
    "pharmacy:dispense": OUR_VISIT,
    "pharmacy:prescribe": row(403, bidan=200, petugas_lain=404),
    "pharmacy:stock": FLOW,
    "pharmacy:stock_card": FLOW,
    "pharmacy:receive": row(403, kapus=200),
    "pharmacy:transfer": row(403, kapus=200),
    "pharmacy:opname": row(403, kapus=200),
    # Klaster 1 records: the head of our Puskesmas only; the dashboard's aggregates also for the Dinkes and admin.
    "management:dashboard": row(403, kapus=200, dinkes=200, admin_user=200),
    **{f"management:{name}": row(403, kapus=200) for name in (
        "staff_list", "staff_create", "roster", "staff_detail", "staff_edit", "asset_list", "asset_create", "asset_edit",
        "quality", "incident_list", "incident_detail", "survey", "plan_list", "workshop_list", "workshop_create",
        "workshop_detail", "pkp", "finance")},
    **{f"management:{name}": POST_ONLY for name in (
        "licence_add", "training_add", "staff_assign", "plan_status", "attendee_add", "action_add", "action_status")},
    # CKG: the desk, examination and letter for facility staff; kader see the gap worklist; counts for everyone.
    **{f"ckg:{name}": OUR_VISIT for name in ("detail", "examine", "letter")},
    **{f"ckg:{name}": FLOW for name in ("home", "export", "register_newborn")},
    **{f"ckg:{name}": POST_ONLY for name in ("register", "new_link", "finish", "register_khusus")},
    "ckg:self_report": row(404, anonymous=404),  # no login; an unknown or expired link is refused
    "ckg:worklist": OWN_ROWS,
    "ckg:dashboard": row(200),
    "ckg:school_list": FLOW,
    "ckg:school_detail": row(200, kader=403, petugas_lain=404, **NO_PATIENTS),
    # Jejaring and IQ-Care: the head of our Puskesmas builds it; the Dinkes (monitoring) and the admin look; no names in it.
    **{f"network:{name}": row(403, kapus=200, dinkes=200, admin_user=200) for name in (
        "home", "member_detail", "agreement_file", "pathway_detail", "checklist")},
    **{f"network:{name}": row(403, kapus=200) for name in ("member_create", "pathway_create", "member_user")},
    **{f"network:{name}": POST_ONLY for name in ("pathway_part", "task_status", "checklist_set")},
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


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # uploaded scans (the jejaring's MoU) go to a throw-away folder


@pytest.fixture
def ours(pendaftaran, kader, puskesmas, posyandu, desa) -> dict:
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
    Delivery.objects.create(facility=puskesmas, visit=visit, resource_type=Delivery.Resource.ENCOUNTER, local_id=visit.pk,
                            next_attempt_at=now, status=Delivery.Status.REJECTED, reason="NIK tidak dikenal")
    session = open_session(actor=kader, posyandu=posyandu)
    attendance = register_attendance(actor=kader, session=session, patient=patient)
    upload = SyncUpload.objects.create(user=kader, kind="penimbangan", payload={}, received_at=now,
                                       status=SyncStatus.CONFLICT, record=record)
    conflict = SyncConflict.objects.create(upload=upload, existing=record, created_at=now)
    dokter = make_user("dokter", Role.DOKTER, facility=puskesmas)
    tb_case = index_case(dokter, patient, on=timezone.localdate() - dt.timedelta(days=7))
    tb_contact = contact(dokter, tb_case, PatientFactory(sex="M", birth_date=dt.date(2010, 1, 1), desa=desa))
    lab_order = LabOrder.objects.create(facility=puskesmas, patient=patient, visit=visit, number="LAB-1",
                                        catalogue_version="katalog-lab-puskesmas@1", ordered_at=now, ordered_by=dokter)
    ugd_case = start_arrival(actor=pendaftaran, facility=puskesmas, complaint="Sesak napas")
    bed = set_ward_beds(facility=puskesmas, name="Ruang Rawat Inap", kind="umum", beds=1).beds.get()
    admission = Admission.objects.create(facility=puskesmas, patient=patient, source="ruang", bed=bed, reason="Diare",
                                         admitted_at=now - dt.timedelta(days=1), discharged_at=now, outcome="pulang")
    sv_case = diagnosis(patient, "B05.9", on=now.date()).surveillance_case  # suspect measles: a case and an alert
    kesling = {"inspection": record_inspection(actor=dokter, kind="sam", desa=desa, object_name="Sumur", inspected_on=now.date(),
                                               answers={item.id: False for item in checklists()["sam"].items}),
               "counselling": record_counselling(actor=dokter, patient=patient, counselled_on=now.date(), problem="diare",
                                                 findings="Sumur dekat jamban", advice="Rebus air")}
    pharmacy = {"prescription": prescribe(actor=dokter, visit=visit, station_code="klaster3",
                                          items=[{"drug_code": "PCT500T", "quantity": 10}])}
    management = matrix_objects(puskesmas=puskesmas, by=pendaftaran)
    ckg = CkgRegistration.objects.create(patient=patient, facility=puskesmas, visit=visit, year=now.year, group="dewasa_30",
                                         ticket="CKG-A001-0000", registered_at=now, registered_by=pendaftaran,
                                         self_token_hash="0" * 64, self_expires_at=now)
    school = School.objects.create(facility=puskesmas, name="SD Negeri 01", desa=desa)
    management |= network_matrix_objects(puskesmas=puskesmas, desa=desa, by=pendaftaran)  # jejaring: member, MoU, IQ-Care
    return pharmacy | kesling | management | {"sv_case": sv_case, "alert": Alert.objects.get(), "patient": patient, "family": FamilyFactory(desa=desa), "facility": puskesmas, "visit": visit,
            "entry": entry, "referral": referral, "follow_up": follow_up, "record": record, "posyandu": posyandu,
            "session": session, "attendance": attendance, "conflict": conflict, "tb_case": tb_case, "tb_contact": tb_contact,
            "lab_order": lab_order, "ugd_case": ugd_case, "admission": admission, "ckg": ckg, "school": school}


# Arguments that mean something else on one URL, and the query string a URL cannot answer without.
ARGS_BY_NAME = {"api:compute_indicator": {"code": "k1"}, "kesling:inspection_create": {"kind": "rumah"}, "satusehat:inbound_resource": {"resource_type": "Observation"},
                "ckg:export": {"package_id": "ptm_dewasa"}, "ckg:self_report": {"token": "tidak-dikenal"}}
QUERY_BY_NAME = {"api:compute_indicator": "?period=2025-06", "reports:dhis2": "?period=2026-10"}


def path_args(name: str, ours: dict) -> dict:
    """Values for a URL's arguments; `pk` means the object the URL is about."""
    pk_of = {"pharmacy:dispense": "prescription", "people:family": "family", "people:": "patient", "packages:": "patient", "immunization:": "patient",
             "facilities:": "facility",
             "visits:entry_action": "entry", "visits:follow_up_done": "follow_up", "visits:": "visit",
             "outreach:session_open": "posyandu", "outreach:schedule_set": "posyandu", "outreach:skdn": "posyandu", "outreach:visit_plan": "posyandu",
             "outreach:family_visit": "family", "outreach:conflict_review": "conflict", "outreach:": "session",
             "tb:contact_detail": "tb_contact", "tb:contact_step": "tb_contact", "tb:": "tb_case",
             "lab:patient_results": "patient", "lab:": "lab_order", "emergency:": "ugd_case", "inpatient:": "admission",
             "surveillance:case": "sv_case", "surveillance:": "alert", "kesling:inspection": "inspection", "kesling:": "counselling",
             "network:member": "nw_member", "network:agreement": "nw_agreement", "network:task": "nw_task",
             "network:checklist": "nw_pustu", "network:": "nw_pathway",
             "management:asset": "mg_asset", "management:incident": "mg_incident", "management:plan": "mg_plan",
             "management:action_status": "mg_action", "management:workshop": "mg_workshop", "management:attendee": "mg_workshop",
             "management:action": "mg_workshop", "management:": "mg_staff", "ckg:school": "school", "ckg:": "ckg"}
    subject = next((obj for prefix, obj in pk_of.items() if name.startswith(prefix)), None)
    return {
        "pk": ours[subject].pk if subject else None, "code": ours["entry"].station.code, "action": "panggil",
        "facility_pk": ours["facility"].pk, "referral_pk": ours["referral"].pk, "package_id": "anc",
        "record_pk": ours["record"].pk, "patient_id": ours["patient"].pk, "visit_id": ours["visit"].pk,
        "entry_id": ours["entry"].pk, "slug": "utama", "patient_pk": ours["patient"].pk,
        "attendance_pk": ours["attendance"].pk, "step": "tes", "drug": "PCT500T",
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
