"""Which packages a room offers (their `stations:`), and taking a record back as entered-in-error."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ilp.audit.models import AuditEntry
from ilp.clinical.models import Observation
from ilp.indicators.models import Fact
from ilp.packages import selectors
from ilp.packages.models import PackageRecord
from ilp.packages.services import ALREADY_VOID, VOID_REASON_REQUIRED, void_record

from .factories import child, mother


def test_a_klaster_room_never_lists_the_home_visit_checklists(db):
    ids = {p.id for p in selectors.packages_for(patient=mother(), pregnant=True, station="klaster2")}
    assert "anc" in ids and not {i for i in ids if i.startswith("kunjungan_rumah_")}


def test_a_home_visit_lists_only_the_checklists_of_the_persons_life_stage(db):
    ids = {p.id for p in selectors.packages_for(patient=mother(), pregnant=True, station="kunjungan_rumah")}
    assert ids == {"kunjungan_rumah_bumil", "kunjungan_rumah_nifas", "kunjungan_rumah_dewasa", "kunjungan_rumah_menular"}


def test_without_a_station_every_package_that_applies_is_listed(db):
    ids = {p.id for p in selectors.packages_for(patient=mother(), pregnant=True)}
    assert {"anc", "kunjungan_rumah_bumil"} <= ids


def test_void_record_marks_the_record_and_its_observations_in_error_and_drops_its_facts(record, bidan):
    baby = child(born=dt.date(2025, 6, 1))
    weighing = record("balita", baby, {"weight": Decimal("8.4")}, confirmed=True)
    void_record(actor=bidan, record=weighing, reason="Salah anak")
    weighing.refresh_from_db()
    assert weighing.status == PackageRecord.Status.ENTERED_IN_ERROR
    assert set(Observation.objects.filter(record=weighing).values_list("status", flat=True)) == {"entered-in-error"}
    assert not Fact.objects.filter(source=f"packages.PackageRecord:{weighing.pk}").exists()
    assert AuditEntry.objects.get(action="package.void").detail["reason"] == "Salah anak"


def test_void_record_needs_a_reason_and_happens_once(record, bidan):
    weighing = record("balita", child(born=dt.date(2025, 6, 1)), {"weight": Decimal("8.4")}, confirmed=True)
    with pytest.raises(ValidationError) as raised:
        void_record(actor=bidan, record=weighing, reason=" ")
    assert raised.value.message_dict == {"reason": [VOID_REASON_REQUIRED]}
    void_record(actor=bidan, record=weighing, reason="Salah anak")
    with pytest.raises(ValidationError) as raised:
        void_record(actor=bidan, record=weighing, reason="lagi")
    assert raised.value.messages == [ALREADY_VOID]
    assert AuditEntry.objects.filter(action="package.void").count() == 1
