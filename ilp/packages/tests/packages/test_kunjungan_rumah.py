"""Home-visit checklists (kunjungan_rumah_*.yaml): every "Tidak" creates a tindak lanjut for the Pustu of the
desa (DOMAIN.md §6.5, KMK BAB X); all "Ya" creates none; items are required and shown by life stage."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from ilp.core.choices import Sex
from ilp.packages.engine.loader import registry
from ilp.packages.tests.factories import TODAY, child, flag_codes, mother
from ilp.visits.models import FollowUp


def born(*, years: int = 0, days: int = 0) -> dt.date:
    return TODAY - dt.timedelta(days=years * 366 + days)


# package id -> (who, a complete "all good" answer set)
CASES = {
    "kunjungan_rumah_bumil": (lambda: mother(), {"buku_kia": True, "anc_sesuai": True, "ttd": True, "kelas_ibu": True,
                                                  "rencana_persalinan": True, "bebas_tanda_bahaya": True}),
    "kunjungan_rumah_nifas": (lambda: mother(), {"bersalin_fasyankes": True, "kf_sesuai": True, "menyusui": True,
                                                  "kb_pasca": True, "bebas_tanda_bahaya": True}),
    "kunjungan_rumah_balita": (lambda: child(born=born(days=400)), {"ditimbang": True, "imunisasi_sesuai": True,
                                                                    "vitamin_a": True, "stimulasi": True}),
    "kunjungan_rumah_remaja": (lambda: child(born=born(years=14), sex=Sex.FEMALE),
                               {"skrining_sekolah": True, "ttd": True, "tidak_merokok": True}),
    "kunjungan_rumah_dewasa": (lambda: mother(), {"skrining_ptm": True, "obat_teratur": "ya", "tidak_merokok": True,
                                                   "aktivitas_fisik": True}),
    "kunjungan_rumah_lansia": (lambda: child(born=born(years=70)), {"skrining_lansia": True, "obat_teratur": "tidak_berlaku",
                                                                     "mandiri": True, "aman_jatuh": True}),
    "kunjungan_rumah_menular": (lambda: mother(), {"batuk_diperiksa": "tidak_berlaku", "oat_teratur": "tidak_berlaku",
                                                    "tpt_kontak": "tidak_berlaku", "bebas_jentik": True}),
}


def no(value):
    return "tidak" if isinstance(value, str) else False


def test_every_life_stage_of_the_seed_has_a_checklist():
    assert set(CASES) <= set(registry())


@pytest.mark.parametrize("package_id", CASES)
def test_all_yes_creates_no_follow_up(record, db, package_id):
    who, answers = CASES[package_id]
    saved = record(package_id, who(), answers)
    assert saved.flags == [] and not FollowUp.objects.exists()


@pytest.mark.parametrize(("package_id", "item"), [(p, item) for p, (_, answers) in CASES.items() for item in answers
                                                  if not (isinstance(answers[item], str) and answers[item] != "ya")])
def test_each_no_creates_its_follow_up_for_the_pustu(record, db, package_id, item):
    who, answers = CASES[package_id]
    saved = record(package_id, who(), {**answers, item: no(answers[item])})
    rule = next(r for r in registry()[package_id].rules if r.when.startswith(f"{item} =="))
    assert flag_codes(saved) == {rule.flag.code}
    follow_up = FollowUp.objects.get()
    assert follow_up.reason == rule.follow_up and follow_up.pustu.kind == "pustu"


@pytest.mark.parametrize(("package_id", "item"), [("kunjungan_rumah_dewasa", "obat_teratur"),
                                                  ("kunjungan_rumah_menular", "batuk_diperiksa"),
                                                  ("kunjungan_rumah_menular", "oat_teratur"),
                                                  ("kunjungan_rumah_menular", "tpt_kontak"),
                                                  ("kunjungan_rumah_lansia", "obat_teratur")])
def test_tidak_on_a_treatment_item_creates_a_follow_up(record, db, package_id, item):
    who, answers = CASES[package_id]
    record(package_id, who(), {**answers, item: "tidak"})
    assert FollowUp.objects.count() == 1


def test_an_unanswered_item_is_refused_so_no_gap_goes_unsaid(record, db):
    _, answers = CASES["kunjungan_rumah_bumil"]
    with pytest.raises(ValidationError) as raised:
        record("kunjungan_rumah_bumil", mother(), {k: v for k, v in answers.items() if k != "ttd"})
    assert raised.value.message_dict == {"ttd": ["Wajib diisi."]}


def test_a_newborn_is_asked_about_kn_and_asi_a_toddler_is_not(record, db):
    with pytest.raises(ValidationError) as raised:
        record("kunjungan_rumah_balita", child(born=born(days=10)), {"ditimbang": True, "imunisasi_sesuai": True,
                                                                      "stimulasi": True})
    assert set(raised.value.message_dict) == {"kn_sesuai", "asi_eksklusif"}
    toddler = record("kunjungan_rumah_balita", child(born=born(days=400)), {**CASES["kunjungan_rumah_balita"][1],
                                                                            "kn_sesuai": False})
    assert toddler.flags == []  # hidden for a toddler: the answer is ignored
