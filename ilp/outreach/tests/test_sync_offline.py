"""Uploads of records made offline: registrations named by UUID, checklists, the PIS-PK form, and the fault cases
(the same batch twice, outside the scope, a phone clock a year wrong, a form from an older app version)."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from ilp.outreach.models import FamilySurvey, SyncUpload
from ilp.outreach.services.sync import (
    CLOCK_WRONG,
    DEPENDS_ON_REJECTED,
    NOT_OFFLINE,
    OLD_FORM,
    OLD_FORM_ACCEPTED,
    WAITING_FOR,
)
from ilp.packages.engine.loader import registry
from ilp.packages.models import PackageRecord
from ilp.people.models import Family, Patient
from ilp.visits.models import FollowUp

from .conftest import TODAY
from .factories import child
from .test_api import basic, weighing

ALL_GOOD = {"skrining_lansia": True, "obat_teratur": "tidak_berlaku", "mandiri": True, "aman_jatuh": True}


@pytest.fixture
def area(posyandu):
    return posyandu.wilayah.get()


def send(client, user, records, *, sent_at=None):
    body = {"records": records, **({"sent_at": sent_at.isoformat()} if sent_at else {})}
    response = client.post("/api/kader/uploads", body, content_type="application/json", **basic(user))
    assert response.status_code == 200, response.content
    return response.json()["results"]


def item(kind, payload, key=None):
    return {"uuid": str(key or uuid.uuid4()), "kind": kind, "payload": payload}


def household(kk="1310012008150077"):
    family = item("family", {"kk_number": kk, "address": "Jorong Sungai Kambut", "rt": "001", "rw": "002"})
    baby = item("person", {"family_uuid": family["uuid"], "name": "Nayla Safitri", "sex": "F",
                           "birth_date": "2026-03-01", "relation": "anak"})
    return family, baby


def test_a_household_registered_offline_and_its_newborns_weighing_arrive_in_one_batch(client, kader, area):
    family, baby = household()
    weight = item("weighing", {"patient_uuid": baby["uuid"], "service_date": "2026-06-15", "values": {"weight": "5.1"},
                               "form_version": registry()["balita"].version})
    results = send(client, kader, [family, baby, weight])
    assert [r["status"] for r in results] == ["accepted"] * 3
    registered = Patient.objects.get(pk=results[1]["patient_id"])
    assert (registered.name, registered.family_id, registered.desa, registered.family_relation) == (
        "Nayla Safitri", results[0]["family_id"], area, "anak")
    assert PackageRecord.objects.get(pk=results[2]["record_id"]).patient == registered


def test_a_record_whose_registration_has_not_arrived_waits_and_is_not_stored(client, kader, area):
    family, baby = household()
    results = send(client, kader, [baby])
    assert results[0]["status"] == "retry" and results[0]["errors"] == {"__all__": [WAITING_FOR % {"what": "keluarga"}]}
    assert not SyncUpload.objects.exists()
    assert [r["status"] for r in send(client, kader, [family, baby])] == ["accepted", "accepted"]


def test_a_record_of_a_rejected_registration_is_rejected_with_the_reason_and_kept(client, kader, area):
    bad = item("person", {"name": "Tanpa Tanggal", "sex": "F", "birth_date": "2027-01-01"})
    weight = item("weighing", {"patient_uuid": bad["uuid"], "service_date": "2026-06-15", "values": {"weight": "5.1"}})
    results = send(client, kader, [bad, weight])
    assert results[0]["status"] == "rejected" and results[0]["errors"] == {"birth_date": ["Tanggal lahir tidak boleh di masa depan."]}
    assert results[1]["errors"] == {"__all__": [DEPENDS_ON_REJECTED % {"what": "warga"}]}
    assert SyncUpload.objects.get(uuid=weight["uuid"]).payload["values"] == {"weight": "5.1"}


def test_a_home_visit_checklist_made_offline_creates_the_tindak_lanjut(client, kader, area):
    grandfather = child(born=dt.date(1955, 1, 1), desa=area)
    answers = {**ALL_GOOD, "skrining_lansia": False}
    result = send(client, kader, [item("package", {"package_id": "kunjungan_rumah_lansia", "patient_id": grandfather.pk,
                                                   "service_date": "2026-06-14", "values": answers})])[0]
    assert result["status"] == "accepted"
    assert FollowUp.objects.get(patient=grandfather).reason == "Lansia belum skrining tahun ini: skrining di Posyandu atau rumah"


def test_a_clinic_package_is_not_recorded_through_the_kader_app(client, kader, area):
    mother = child(born=dt.date(1996, 1, 1), desa=area, sex="F")
    result = send(client, kader, [item("package", {"package_id": "anc", "patient_id": mother.pk, "service_date": "2026-06-15",
                                                   "values": {"lila": "25"}})])[0]
    assert result["errors"] == {"__all__": [NOT_OFFLINE % {"package": "anc"}]}


def test_the_family_form_made_offline_for_a_new_household_gives_its_iks(client, kader, area):
    family, head = household()
    head["payload"].update(name="Yusrizal", sex="M", birth_date="1980-02-02", relation="kepala")
    answers = {code: "ya" for code in ("kb", "tidak_merokok", "jkn", "air_bersih", "jamban_sehat")}
    answers.update({code: "na" for code in ("persalinan_faskes", "imunisasi_lengkap", "asi_eksklusif", "pemantauan_balita",
                                            "tbc_berobat", "hipertensi_berobat", "jiwa_berobat")})
    survey = item("pispk", {"family_uuid": family["uuid"], "visit_date": "2026-06-15", "answers": answers})
    results = send(client, kader, [family, head, survey])
    assert [r["status"] for r in results] == ["accepted"] * 3
    stored = FamilySurvey.objects.get(client_uuid=survey["uuid"])
    assert (stored.family_id, stored.iks, stored.category) == (results[0]["family_id"], 1, "sehat")


# --- fault cases ---

def test_the_same_batch_uploaded_twice_is_applied_once_and_answered_the_same(client, kader, area):
    family, baby = household()
    children = [child(born=dt.date(2025, 1, d), desa=area) for d in (1, 2)]
    batch = [family, baby, weighing(children[0], "9.1"), weighing(children[1], "400")]
    first = send(client, kader, batch)
    again = send(client, kader, batch)
    assert first == again and [r["status"] for r in first] == ["accepted", "accepted", "accepted", "rejected"]
    assert (Family.objects.filter(kk_number="1310012008150077").count(), Patient.objects.filter(name="Nayla Safitri").count(),
            PackageRecord.objects.count(), SyncUpload.objects.count()) == (1, 1, 1, 4)


def test_a_household_outside_the_scope_is_refused(client, kader, desa_lain):
    theirs = Family.objects.create(kk_number="1310012008150099", desa=desa_lain, address="Jorong Lain")
    result = send(client, kader, [item("pispk", {"family_id": theirs.pk, "visit_date": "2026-06-15",
                                                 "answers": {"jkn": "ya"}})])[0]
    assert result["errors"] == {"family_id": ["Keluarga ini tidak ada di wilayah Anda."]}
    assert not FamilySurvey.objects.exists()


def test_a_phone_clock_a_year_behind_does_not_date_a_weighing_last_year(client, kader, area):
    baby = child(born=dt.date(2025, 1, 1), desa=area)
    phone_now = timezone.now() - dt.timedelta(days=365)
    from_wrong_clock = weighing(baby, "9.2", on="2025-06-15")
    from_wrong_clock["payload"]["recorded_at"] = phone_now.isoformat()
    corrected = weighing(baby, "9.3", on="2026-06-15")  # the app took the date from the server's time
    corrected["payload"]["recorded_at"] = phone_now.isoformat()
    results = send(client, kader, [from_wrong_clock, corrected], sent_at=phone_now)
    assert results[0]["status"] == "rejected"
    assert results[0]["errors"] == {"service_date": [CLOCK_WRONG % {"phone": "15-06-2025", "real": "15-06-2026"}]}
    assert SyncUpload.objects.get(uuid=from_wrong_clock["uuid"]).payload["values"] == {"weight": "9.2"}  # kept
    assert results[1]["status"] == "accepted"
    assert list(PackageRecord.objects.values_list("service_date", flat=True)) == [TODAY]


def test_a_phone_clock_a_year_ahead_is_told_so_rather_than_the_date_is_in_the_future(client, kader, area):
    baby = child(born=dt.date(2025, 1, 1), desa=area)
    phone_now = timezone.now() + dt.timedelta(days=365)
    ahead = weighing(baby, "9.2", on="2027-06-15")
    ahead["payload"]["recorded_at"] = phone_now.isoformat()
    result = send(client, kader, [ahead], sent_at=phone_now)[0]
    assert result["errors"] == {"service_date": [CLOCK_WRONG % {"phone": "15-06-2027", "real": "15-06-2026"}]}
    assert not PackageRecord.objects.exists()


def test_a_form_from_an_older_app_version_with_a_field_that_is_gone_is_refused_and_kept(client, kader, area):
    baby = child(born=dt.date(2025, 1, 1), desa=area)
    old = weighing(baby, "9.2")
    old["payload"].update(form_version=0, values={"weight": "9.2", "berat_lahir_kg": "3.1"})
    result = send(client, kader, [old])[0]
    package = registry()["balita"]
    assert result["errors"] == {"__all__": [OLD_FORM % {"package": package.name, "old": 0, "new": package.version,
                                                        "fields": "berat_lahir_kg"}]}
    assert SyncUpload.objects.get(uuid=old["uuid"]).payload["values"]["berat_lahir_kg"] == "3.1"
    assert not PackageRecord.objects.exists()


def test_a_form_from_an_older_app_version_that_fits_is_checked_by_todays_rules_and_noted(client, kader, area):
    baby = child(born=dt.date(2025, 1, 1), desa=area)
    old = weighing(baby, "9.2")
    old["payload"]["form_version"] = 0
    result = send(client, kader, [old])[0]
    package = registry()["balita"]
    assert result["status"] == "accepted"
    assert result["warnings"] == [OLD_FORM_ACCEPTED % {"package": package.name, "old": 0, "new": package.version}]


def test_answers_sent_as_text_are_read_by_the_packages_own_form_so_the_rules_see_them(client, kader, area):
    grandfather = child(born=dt.date(1955, 1, 1), desa=area)
    as_text = {**{k: str(v).lower() for k, v in ALL_GOOD.items()}, "skrining_lansia": "false"}
    result = send(client, kader, [item("package", {"package_id": "kunjungan_rumah_lansia", "patient_id": grandfather.pk,
                                                   "service_date": "2026-06-14", "values": as_text})])[0]
    record = PackageRecord.objects.get(pk=result["record_id"])
    assert record.values["skrining_lansia"] is False and record.values["mandiri"] is True
    assert FollowUp.objects.filter(patient=grandfather).count() == 1  # "Tidak" sent as "false" is still a gap


def test_a_value_that_is_not_a_number_is_refused_with_the_forms_message(client, kader, area):
    baby = child(born=dt.date(2025, 1, 1), desa=area)
    result = send(client, kader, [weighing(baby, "sembilan")])[0]
    assert result["status"] == "rejected" and list(result["errors"]) == ["weight"]


def test_the_bidan_marks_the_wrong_record_of_a_conflict_entered_in_error(client, kader, bidan, area):
    from ilp.indicators.models import Fact
    from ilp.outreach.models import SyncConflict
    from ilp.outreach.services import review_conflict

    from .factories import weigh

    baby = child(born=dt.date(2025, 6, 1), desa=area)
    at_pustu = weigh(bidan, baby, "8.0", dt.date(2026, 6, 15))
    send(client, kader, [weighing(baby, "8.6")])
    review_conflict(actor=bidan, conflict=SyncConflict.objects.get(), note="timbangan Pustu rusak", void="existing")
    at_pustu.refresh_from_db()
    assert at_pustu.status == PackageRecord.Status.ENTERED_IN_ERROR
    assert [r.values["weight"] for r in PackageRecord.objects.filter(status="final")] == ["8.6"]
    assert Fact.objects.filter(kind="pkg.balita", person=baby.pk).count() == 1
    assert SyncConflict.objects.get().reviewed_by == bidan
