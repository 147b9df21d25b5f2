"""The local validator: FHIR R4 structure through the model library, SATUSEHAT's rules, an OperationOutcome.

The official examples are read from ../shared/reference/satusehat-examples (never copied here).
"""

import datetime as dt
import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from ilp.satusehat import fhirjson, validator

EXAMPLES = Path(__file__).resolve().parents[4] / "shared" / "reference" / "satusehat-examples"
needs_examples = pytest.mark.skipif(not EXAMPLES.is_dir(), reason=f"official SATUSEHAT examples not found at {EXAMPLES}")
CONFORMANCE = {"StructureDefinition", "ImplementationGuide", "ValueSet", "CodeSystem"}
# Examples that are not FHIR R4 as published (checked by hand against the R4 spec), with why.
NOT_R4 = {
    "satusehat-usecase/ANC/Encounter-Create-Pembaharuan-Kunjungan-2.json": "episodeOfCare is a list in R4, here an object",
    "satusehat-usecase/HealthFinancing/01KlaimBPJS/CoverageEligibilityRequest-Create-Pengajuan-SEP.json": "identifier must be a list",
    "satusehat-usecase/HealthFinancing/01KlaimBPJS/CoverageEligibilityResponse-Create-Verifikasi-SEP.json": "identifier must be a list",
    "satusehat-usecase/covid/ILI/Specimen-Create-SpecimenTransported.json": "extension with a non-FHIR element transportedTime",
    "satusehat-usecase/covid/ILI/Specimen-Update-DateReceivedProcessed.json": "extension with a non-FHIR element transportedTime",
    "satusehat-usecase/covid/SARI/Specimen(Nasal)-Create-Nasal.json": "extension with a non-FHIR element transportedTime",
    "satusehat-usecase/covid/SARI/Specimen(Throat)-Create-Throat.json": "extension with a non-FHIR element transportedTime",
    "satusehat-usecase/covid/vaksin/Immunization-Create-PencatatanVaksinasi.json": "location is a Reference, not {location: ...}",
    "satusehat-usecase/example/Example-Bundle-TB-Case-Finding.json": "$GENERATED_UUID placeholders as ids and dates",
    "satusehat-usecase/example/Example-Bundle-TB-Kunjungan-Akhir.json": "$GENERATED_UUID placeholders as ids and dates",
    "satusehat-usecase/example/Example-Bundle-TB-Kunjungan-Bulanan.json": "category not a list; value[x] written as 'value'",
    "satusehat-usecase/example/Example-Bundle-TB-Kunjungan-Bulanan.xml.json": "an Observation without status",
    "satusehat-usecase/example/Example-Bundle-TB-Registrasi-Kasus.json": "subject given as a string",
    "satusehat-usecase/example/Example-Bundle-TB-Registrasi-Kasus.xml.json": "Conditions without subject",
    "satusehat-usecase/example/Example-Bundle-TB-Verifikasi-Kasus.json": "placeholder ids; a Condition without subject",
    "satusehat-usecase/example/Example-CareTeam-Chemo.json": "a code with a trailing space",
    "satusehat-usecase/example/Example-HealthcareService-0000001.json": "narrative text without div",
    "satusehat-usecase/example/Example-Organization-F10000004-Hospital.json": "type must be a list",
    "satusehat-usecase/example/Example-QuestionnaireResponse-Q0002.json": "answer valueText is not an R4 element",
    "satusehat-usecase/example/TB/Encounter-Create-Kunjungan-Faskes-Lanjutan.json": "basedOn/episodeOfCare must be lists",
    "satusehat-usecase/example/TB/Encounter-Create-Kunjungan-Poli-TB-1.json": "basedOn must be a list",
    "satusehat-usecase/example/TB/Observation-Create-Pregnancy-Status-1.json": "valueCodeableConcept written as a Coding",
    "satusehat-usecase/example/TB/QuestionnaireResponse-Create-Form-Persetujuan-Skrining-TB-1.json": "valueCoding is a list",
    "satusehat-usecase/example/TB/QuestionnaireResponse-Create-Klasifikasi-Kasus-TB-1.json": "identifier is one Identifier in R4",
    "satusehat-usecase/example/hiv/Encounter-Create-InProgress.json": "id with {{placeholder}} characters",
    "satusehat-usecase/example/hiv/Encounter-Update-PasienPulang.json": "id with {{placeholder}} characters",
    "satusehat-usecase/example/zoonosis/rabies/Encounter-Create-InProgress.json": "id with {{placeholder}} characters",
    "satusehat-usecase/example/zoonosis/rabies/Encounter-Create-PasienPulang.json": "id with {{placeholder}} characters",
}
NOW = dt.datetime(2025, 1, 15, 3, 0, tzinfo=dt.UTC)


def instances():
    for path in sorted(EXAMPLES.rglob("*.json")):
        resource = fhirjson.loads(path.read_bytes())
        if resource.get("resourceType") not in CONFORMANCE:
            yield path.relative_to(EXAMPLES).as_posix(), resource


def errors(answer: dict) -> list[str]:
    return [i["diagnostics"] for i in answer["issue"] if i["severity"] == "error"]


def encounter(**changes) -> dict:
    base = {
        "resourceType": "Encounter", "status": "finished",
        "identifier": [{"system": "http://sys-ids.kemkes.go.id/encounter/100025001", "value": "K-1"}],
        "class": {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB", "display": "ambulatory"},
        "subject": {"reference": "Patient/P02478375538"},
        "period": {"start": "2025-01-14T01:00:00+00:00", "end": "2025-01-14T02:00:00+00:00"},
        "statusHistory": [{"status": "arrived", "period": {"start": "2025-01-14T01:00:00+00:00", "end": "2025-01-14T02:00:00+00:00"}}],
        "serviceProvider": {"reference": "Organization/100025001"},
    }
    return base | changes


@needs_examples
def test_official_examples_parse_as_fhir_r4_except_the_known_broken_ones():
    broken = {name for name, resource in instances() if validator.structure(resource)}
    assert broken == set(NOT_R4)


@needs_examples
def test_official_examples_break_only_satusehats_own_time_rules():
    """They were written in local time (+07:00) and mostly date from before the platform opened (2022-08-31)."""
    encounter_example = fhirjson.loads((EXAMPLES / "id-fhir/example/Example-Encounter-Inprogress-Payload.json").read_bytes())
    found = errors(validator.validate(encounter_example, now=NOW))
    assert found and all("+00:00" in e or "31 Agustus 2022" in e for e in found)
    assert "Waktu 2022-06-14T07:00:00+07:00 harus dalam UTC dan ditulis dengan +00:00." in found


@needs_examples
def test_official_example_encounter_with_times_moved_to_utc_after_opening_is_valid():
    text = (EXAMPLES / "id-fhir/example/Example-Encounter-Inprogress-Payload.json").read_text()
    text = text.replace("2022-06-14", "2024-06-14").replace("+07:00", "+00:00")
    assert validator.is_valid(validator.validate(json.loads(text), now=NOW))


def test_a_valid_encounter_answers_an_informational_outcome():
    answer = validator.validate(encounter(), now=NOW)
    assert answer == {"resourceType": "OperationOutcome",
                      "issue": [{"severity": "information", "code": "informational", "diagnostics": "valid"}]}


@pytest.mark.parametrize("moment", ["2025-01-14T08:00:00+07:00", "2025-01-14T01:00:00Z", "2025-01-14T01:00:00-00:30"])
def test_times_not_written_in_utc_with_plus_zero_are_refused(moment):
    answer = validator.validate(encounter(period={"start": moment, "end": "2025-01-14T02:00:00+00:00"}), now=NOW)
    assert errors(answer) == [f"Waktu {moment} harus dalam UTC dan ditulis dengan +00:00."]
    assert answer["issue"][0]["expression"] == ["Encounter.period.start"]


def test_future_times_are_refused():
    later = "2025-01-16T01:00:00+00:00"
    answer = validator.validate(encounter(period={"start": "2025-01-14T01:00:00+00:00", "end": later}), now=NOW)
    assert errors(answer) == [f"Waktu {later} ada di masa depan."]


def test_events_before_the_platform_opened_are_refused_but_a_birth_date_is_not():
    early = "2022-08-30T23:00:00+00:00"
    answer = validator.validate(encounter(period={"start": early, "end": "2025-01-14T02:00:00+00:00"}), now=NOW)
    assert errors(answer) == [
        f"Tanggal {early} sebelum 31 Agustus 2022; SATUSEHAT tidak menerimanya."]
    patient = {"resourceType": "Patient", "birthDate": "1980-02-01"}
    assert validator.is_valid(validator.validate(patient, now=NOW))


def test_identifier_must_name_our_organization():
    wrong = encounter(identifier=[{"system": "http://sys-ids.kemkes.go.id/encounter/999", "value": "K-1"}])
    assert errors(validator.validate(wrong, now=NOW, org_id="100025001")) == [
        "Sistem identifier http://sys-ids.kemkes.go.id/encounter/999 harus http://sys-ids.kemkes.go.id/encounter/100025001."]


def test_structure_errors_name_the_element():
    answer = validator.validate(encounter(klass=1), now=NOW)
    assert answer["issue"][0]["expression"] == ["Encounter.klass"] and answer["issue"][0]["code"] == "structure"


def test_quantities_need_ucum_units():
    obs = {"resourceType": "Observation", "status": "final", "code": {"text": "suhu"},
           "subject": {"reference": "Patient/P1"}, "encounter": {"reference": "Encounter/1"},
           "valueQuantity": {"value": Decimal("36.50"), "unit": "C"}}
    assert errors(validator.validate(obs, now=NOW)) == ["Satuan harus UCUM (system http://unitsofmeasure.org dengan code)."]


def test_decimals_keep_their_precision_on_the_wire():
    assert fhirjson.dumps({"value": fhirjson.loads('{"v": 36.50}')["v"]}) == '{"value":36.50}'


def test_validate_command_prints_one_json_line_per_file_and_fails_on_an_invalid_one(tmp_path):
    good, bad = tmp_path / "good.json", tmp_path / "bad.json"
    good.write_text(json.dumps(encounter(period={"start": "2025-01-14T01:00:00+00:00", "end": "2025-01-14T02:00:00+00:00"})))
    bad.write_text(json.dumps(encounter(status="selesai")))
    run = subprocess.run([sys.executable, "-m", "ilp.cli", "satusehat", "validate", str(good), str(bad)],
                         capture_output=True, text=True)
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert run.returncode == 1
    assert [(line["file"], line["valid"]) for line in lines] == [(str(good), True), (str(bad), False)]
    assert lines[1]["issues"][0]["diagnostics"] == "Status 'selesai' tidak dikenal."
