"""`ilp facts rebuild|export` from the command line."""

import datetime as dt
from decimal import Decimal

import duckdb
import pytest
from django.core.management import CommandError, call_command

from ilp.indicators.models import Fact
from ilp.packages.services import record_package
from ilp.people.tests.factories import PatientFactory


@pytest.fixture
def one_contact(bidan, desa):
    woman = PatientFactory(desa=desa, sex="F", birth_date=dt.date(1994, 2, 2))
    values = {"hpht": dt.date(2025, 1, 5), "lila": Decimal("22.0"), "sbp": Decimal("110"), "dbp": Decimal("70")}
    return record_package(actor=bidan, patient=woman, package_id="anc", values=values, service_date=dt.date(2025, 3, 1))


def test_rebuild_recreates_the_same_facts(one_contact):
    before = sorted(Fact.objects.values_list("kind", "code", "date"))
    Fact.objects.all().delete()
    call_command("facts", "rebuild")
    assert sorted(Fact.objects.values_list("kind", "code", "date")) == before == [
        ("flag", "kek", dt.date(2025, 3, 1)), ("pkg.anc", "T1", dt.date(2025, 3, 1))]  # GA 55 days


def test_export_writes_partitioned_parquet_without_patient_ids(one_contact, tmp_path):
    call_command("facts", "export", "--output", str(tmp_path), "--salt", "rahasia")
    rows = duckdb.connect().execute(
        f"SELECT person, kabkota_code, year, month FROM read_parquet('{tmp_path}/**/*.parquet', hive_partitioning = true)").fetchall()
    assert len(rows) == 2
    assert {r[0] for r in rows} != {one_contact.patient_id}
    assert {(r[1], r[2], r[3]) for r in rows} == {("13.10", 2025, 3)}


def test_export_refuses_to_run_without_a_salt(one_contact, tmp_path, monkeypatch):
    monkeypatch.delenv("ILP_FACTS_SALT", raising=False)
    with pytest.raises(CommandError):
        call_command("facts", "export", "--output", str(tmp_path))
