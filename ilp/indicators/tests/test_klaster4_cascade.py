"""One TB index case with 10 contacts, from symptom screening to TPT, counted by hand (DOMAIN.md §5).

Year 2026, desa A of Puskesmas Sitiung I.
- 2 March: Ahmad (cough), Budi (no symptom) and Citra (fever) screened with the TB symptom package:
  3 screened, 2 terduga. Ahmad and Citra enter the register; TCM for both on 2 March, results 3 March:
  Ahmad MTB detected (rifampicin sensitive), Citra not detected. 4 March: Ahmad bacteriologically
  confirmed pulmonary TB (the index case); 5 March OAT. 6 March: Citra "bukan TBC".
- 6 March: 10 contacts of Ahmad listed (8 household, 2 close); 7 March all screened (the IK): contacts
  1–9 without symptoms, contact 10 (a child) coughing → terduga from contact investigation.
- Contact 10: TCM 8 March not detected, chest X-ray suggestive; 10 March clinically diagnosed TB; the
  doctor decides OAT, started 11 March.
- Contacts 1–9: chest X-ray and TST 8 March; TST positive in 1–7 → the doctor judges them eligible for
  TPT on 10 March; 8–9 negative → neither. TPT: contacts 1–6 start 12 March, contact 7 on 2 April.

By hand, at March (cumulative): screened 3; terduga among screened 2/3; SPM 11 examined 3/3 (Ahmad,
Citra, contact 10); TB among examined 2/3; treated 2/2; index cases with IK 1/1; contacts screened per
index 10/1; TPT 6/7 = 85.7 %. At April: TPT 7/7 = 100 %. February: nothing.
"""

import datetime as dt

import pytest

from conftest import make_user
from ilp.accounts.models import Role
from ilp.indicators import engine, facts, pws
from ilp.indicators.definitions_loader import indicator_registry
from ilp.packages.services import record_package
from ilp.people.tests.factories import PatientFactory
from ilp.tb import services
from ilp.tb.models import TbCase, TbContact, TbTest

D = dt.date
NO_SYMPTOM = {"cough": False, "weight_loss": False, "fever": False, "night_sweats": False}


@pytest.fixture
def team(puskesmas, kader):
    return {"dokter": make_user("dokter", Role.DOKTER, facility=puskesmas),
            "perawat": make_user("perawat", Role.PERAWAT, facility=puskesmas), "kader": kader}


def tcm(actor, case, *, on: dt.date, result: str):
    test = services.order_test(actor=actor, case=case, kind=TbTest.Kind.TCM, ordered_on=on, sample_place=TbTest.Place.PUSKESMAS)
    services.record_test_result(actor=actor, test=test, result=result, result_on=on + dt.timedelta(days=1))


@pytest.fixture
def cascade(team, posyandu):
    dokter, perawat, kader = team["dokter"], team["perawat"], team["kader"]
    desa = posyandu.region  # the kader's desa: the IK is a home visit there
    ahmad, budi, citra = (PatientFactory(desa=desa, sex=s, birth_date=D(1980, 1, 1)) for s in ("M", "M", "F"))
    screened = {}
    for person, values in ((ahmad, {**NO_SYMPTOM, "cough": True}), (budi, NO_SYMPTOM), (citra, {**NO_SYMPTOM, "fever": True})):
        screened[person] = record_package(actor=perawat, patient=person, package_id="tbc_skrining", service_date=D(2026, 3, 2),
                                          values=values)
    index, other = (services.register_presumptive(actor=perawat, patient=p, presumptive_on=D(2026, 3, 2),
                                                  source=TbCase.Source.SKRINING, screening=screened[p]) for p in (ahmad, citra))
    tcm(perawat, index, on=D(2026, 3, 2), result=TbTest.Result.MTB_RIF_SENSITIF)
    tcm(perawat, other, on=D(2026, 3, 2), result=TbTest.Result.MTB_NEGATIF)
    index = services.record_diagnosis(actor=dokter, case=index, diagnosis=TbCase.Diagnosis.BAKTERIOLOGIS, diagnosed_on=D(2026, 3, 4),
                                      site=TbCase.Site.PARU, resistance=TbCase.Resistance.SENSITIF)
    services.start_treatment(actor=perawat, case=index, started_on=D(2026, 3, 5), regimen=TbCase.Regimen.KATEGORI_1,
                             hiv_status="nonreaktif", dm_status="bukan_dm")
    services.record_diagnosis(actor=dokter, case=other, diagnosis=TbCase.Diagnosis.BUKAN_TBC, diagnosed_on=D(2026, 3, 6))
    contacts = [services.add_contact(actor=kader, index_case=index, listed_on=D(2026, 3, 6),
                                     relation=TbContact.Relation.SERUMAH if n <= 8 else TbContact.Relation.ERAT,
                                     new_person={"name": f"Kontak {n}", "sex": "F" if n % 2 else "M", "desa": desa,
                                                 "birth_date": D(2018, 6, 1) if n == 10 else D(1990 + n, 2, 2)})
                for n in range(1, 11)]
    for n, listed in enumerate(contacts, 1):
        services.screen_contact(actor=kader, contact=listed, screened_on=D(2026, 3, 7), symptomatic=n == 10)
    child = TbContact.objects.get(pk=contacts[9].pk)
    tcm(perawat, child.presumptive_case, on=D(2026, 3, 7), result=TbTest.Result.MTB_NEGATIF)
    services.record_diagnosis(actor=dokter, case=child.presumptive_case, diagnosis=TbCase.Diagnosis.KLINIS,
                              diagnosed_on=D(2026, 3, 10), site=TbCase.Site.PARU, resistance=TbCase.Resistance.SENSITIF)
    services.decide_contact(actor=dokter, contact=child, decision=TbContact.Decision.OAT, decided_on=D(2026, 3, 10))
    services.start_treatment(actor=perawat, case=child.presumptive_case, started_on=D(2026, 3, 11), regimen=TbCase.Regimen.ANAK)
    for n, listed in enumerate(contacts[:9], 1):
        services.record_contact_tests(actor=perawat, contact=listed, tested_on=D(2026, 3, 8), cxr=TbContact.Finding.NORMAL,
                                      infection_test=TbContact.Finding.ABNORMAL if n <= 7 else TbContact.Finding.NORMAL)
        services.decide_contact(actor=dokter, contact=listed, decided_on=D(2026, 3, 10),
                                decision=TbContact.Decision.TPT if n <= 7 else TbContact.Decision.TIDAK)
    for n, listed in enumerate(contacts[:7], 1):
        services.start_tpt(actor=perawat, contact=listed, started_on=D(2026, 3, 12) if n <= 6 else D(2026, 4, 2),
                           regimen=TbContact.TptRegimen.THREE_HP)
    return desa


def row(code: str, month: int, desa) -> pws.Row:
    return pws.compute(indicator_registry()[code], year=2026, month=month, desa=[desa])[0]


@pytest.mark.parametrize("code, numerator, denominator, value", [
    ("tbc_terduga_skrining", 2, 3, "66.7"), ("spm_tbc", 3, 3, "100.0"), ("tbc_terkonfirmasi", 2, 3, "66.7"),
    ("tbc_diobati", 2, 2, "100.0"), ("tbc_indeks_ik", 1, 1, "100.0"), ("tbc_kontak_per_indeks", 10, 1, "10.0"),
    ("tbc_tpt", 6, 7, "85.7"),
])
def test_the_cascade_in_march(cascade, code, numerator, denominator, value):
    march = row(code, 3, cascade)
    assert (march.numerator, march.denominator, str(march.value)) == (numerator, denominator, value)


def test_everyone_screened_counts_once(cascade):
    assert row("tbc_skrining", 3, cascade).numerator == 3


def test_the_seventh_tpt_start_completes_the_coverage_in_april(cascade):
    april = row("tbc_tpt", 4, cascade)
    assert (april.numerator, april.denominator, april.value, april.count_month) == (7, 7, 100, 1)


def test_nothing_counts_before_the_screening(cascade):
    assert all(row(code, 2, cascade).numerator == 0 for code in ("spm_tbc", "tbc_tpt", "tbc_kontak_per_indeks"))


def test_the_index_page_numbers_match_the_register(cascade):
    index = TbCase.objects.get(diagnosis=TbCase.Diagnosis.BAKTERIOLOGIS)
    assert index.contacts.filter(screened_on__isnull=False).count() == 10
    assert index.contacts.filter(decision=TbContact.Decision.TPT, tpt_started_on__isnull=False).count() == 7


def test_the_tb_facts_are_rebuilt_the_same(cascade):
    from ilp.indicators.models import Fact

    before = sorted(Fact.objects.filter(kind__startswith="tb").values_list("kind", "code", "date", "person"))
    rebuilt = sorted((f.kind, f.code, f.date, f.person) for f in facts.tb_all_facts())
    # Ahmad 4 steps + indeks + ik, Citra 3, contact 10's own case 4; contacts: 10 listed, 10 screened, 10 decisions, 7 TPT.
    assert rebuilt == before and len(before) == 6 + 3 + 4 + 37


@pytest.mark.parametrize("code", ["spm_tbc", "tbc_tpt", "tbc_kontak_per_indeks", "tbc_indeks_ik"])
def test_duckdb_over_parquet_gives_the_same_counts(cascade, tmp_path, code):
    facts.export_parquet(target=tmp_path / "facts", salt="uji")
    indicator = indicator_registry()[code]
    for count in (indicator.numerator, indicator.denominator):
        period = engine.month_period(2026, 4, cumulative=True)
        ours = engine.count_by_desa(count, period, scope_prefix="13.10")
        assert ours == engine.count_by_desa_duckdb(count, period, parquet_dir=str(tmp_path / "facts"), scope_prefix="13.10")
