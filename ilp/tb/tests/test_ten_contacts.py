"""Issue 6, "done when": one index case with 10 contacts followed from the symptom screening of the index to
TPT of the contacts, through the register's services, with what the cascade and the IK indicators count."""

from collections import Counter

from ilp.indicators.models import Fact
from ilp.packages.services import record_package
from ilp.tb import selectors, services
from ilp.tb.models import TbCase, TbContact, TbTest

from .factories import D, adult, with_result

SCREENED_ON = D(2026, 3, 2)


def test_an_index_case_with_ten_contacts_from_screening_to_tpt(dokter, perawat, analis, desa):
    # The index: a cough at the symptom screen flags terduga; TCM MTB detected, rifampicin sensitive; OAT started.
    index_patient = adult(desa=desa)
    screening = record_package(actor=perawat, patient=index_patient, package_id="tbc_skrining", service_date=SCREENED_ON,
                               values={"cough": True, "weight_loss": False, "fever": False, "night_sweats": False})
    case = services.register_presumptive(actor=perawat, patient=index_patient, presumptive_on=SCREENED_ON,
                                         source=TbCase.Source.SKRINING, screening=screening)
    with_result(dokter, case, on=D(2026, 3, 3))
    case = services.record_diagnosis(actor=dokter, case=case, diagnosis=TbCase.Diagnosis.BAKTERIOLOGIS, diagnosed_on=D(2026, 3, 5),
                              site=TbCase.Site.PARU, resistance=TbCase.Resistance.SENSITIF)
    case = services.start_treatment(actor=perawat, case=case, started_on=D(2026, 3, 6), regimen=TbCase.Regimen.KATEGORI_1,
                             hiv_status="nonreaktif", dm_status="bukan_dm")

    # Ten contacts: 8 household, 2 close; all listed and screened a few days later.
    contacts = [services.add_contact(actor=perawat, index_case=case, listed_on=D(2026, 3, 7), patient=adult(desa=desa, birth_date=D(2012, 1, 1)),
                                     relation=TbContact.Relation.SERUMAH if n < 8 else TbContact.Relation.ERAT)
                for n in range(10)]
    sick, *well = contacts
    sick = services.screen_contact(actor=perawat, contact=sick, screened_on=D(2026, 3, 9), symptomatic=True)
    well = [services.screen_contact(actor=perawat, contact=c, screened_on=D(2026, 3, 9), symptomatic=False) for c in well]

    # The symptomatic contact is a terduga of its own, confirmed and treated: the doctor decides OAT.
    with_result(dokter, sick.presumptive_case, on=D(2026, 3, 10))
    services.record_diagnosis(actor=dokter, case=sick.presumptive_case, diagnosis=TbCase.Diagnosis.BAKTERIOLOGIS,
                              diagnosed_on=D(2026, 3, 12), site=TbCase.Site.PARU, resistance=TbCase.Resistance.SENSITIF)
    services.decide_contact(actor=dokter, contact=sick, decision=TbContact.Decision.OAT, decided_on=D(2026, 3, 12))

    # The nine without symptoms: chest X-ray and TST; seven with infection get TPT, two are neither.
    for n, contact in enumerate(well):
        infected = n < 7
        services.record_contact_tests(actor=analis, contact=contact, tested_on=D(2026, 3, 11), cxr="normal",
                                      infection_test="abnormal" if infected else "normal")
        decision = TbContact.Decision.TPT if infected else TbContact.Decision.TIDAK
        services.decide_contact(actor=dokter, contact=contact, decision=decision, decided_on=D(2026, 3, 13))
        if infected:
            services.start_tpt(actor=perawat, contact=contact, started_on=D(2026, 3, 16), regimen=TbContact.TptRegimen.THREE_HP)

    case.refresh_from_db()
    assert (case.stage, case.is_index, case.screening) == (TbCase.Stage.PENGOBATAN, True, screening)
    progress = selectors.contact_progress(case=case)
    assert (progress.listed, progress.screened, progress.eligible, progress.tpt_started) == (10, 10, 7, 7)
    assert not progress.reached  # 10 screened, the KMK target is 20
    kontak = Counter(Fact.objects.filter(kind="tb_kontak", group_key=f"indeks:{case.pk}").values_list("code", flat=True))
    assert kontak == {"didaftar": 10, "diskrining": 10, "layak_tpt": 7, "tpt": 7, "oat": 1, "tidak": 2}
    cascade = Fact.objects.filter(source=f"tb.TbCase:{case.pk}")
    assert sorted(cascade.values_list("kind", "code", "date")) == [
        ("tb", "diobati", D(2026, 3, 6)), ("tb", "diperiksa", D(2026, 3, 4)), ("tb", "tbc_bakteriologis", D(2026, 3, 5)),
        ("tb", "terduga", SCREENED_ON), ("tb_indeks", "ik", D(2026, 3, 9)), ("tb_indeks", "indeks", D(2026, 3, 5))]
    assert TbTest.objects.filter(case=sick.presumptive_case, result=TbTest.Result.MTB_RIF_SENSITIF).exists()
