"""Home visits: the PIS-PK family form and its IKS (Permenkes 39/2016), IKS per desa and Puskesmas, the visit plan."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ilp.outreach import pispk, selectors, services
from ilp.outreach.choices import IksCategory
from ilp.outreach.services.family import ALWAYS_APPLIES
from ilp.packages.services import record_package
from ilp.people.models import FamilyRelation
from ilp.people.tests.factories import FamilyFactory, PatientFactory
from ilp.visits.models import FollowUp

from .factories import child

ALL = [i.code for i in pispk.INDICATORS]


def answers(ya: int, tidak: int) -> dict[str, str]:
    """The last `ya + tidak` indicators answered (9–12 always apply), the first ones 'na'."""
    codes = ALL[len(ALL) - ya - tidak:]
    return {**{c: pispk.NA for c in ALL}, **{c: pispk.YA for c in codes[:ya]}, **{c: pispk.TIDAK for c in codes[ya:]}}


@pytest.mark.parametrize(("ya", "tidak", "iks", "category"), [
    (12, 0, "1.000", IksCategory.SEHAT),
    (10, 2, "0.833", IksCategory.SEHAT),
    (8, 2, "0.800", IksCategory.PRA_SEHAT),    # 0.800 is not > 0.800
    (5, 5, "0.500", IksCategory.PRA_SEHAT),    # 0.500 is pra-sehat
    (4, 5, "0.444", IksCategory.TIDAK_SEHAT),
    (0, 4, "0.000", IksCategory.TIDAK_SEHAT),
])
def test_family_iks_is_met_over_applicable_with_the_pispk_categories(ya, tidak, iks, category):
    assert pispk.family_iks(answers(ya, tidak)) == (ya, ya + tidak, Decimal(iks), category)


@pytest.fixture
def family(desa):
    family = FamilyFactory(desa=desa)
    PatientFactory(family=family, family_relation=FamilyRelation.KEPALA, desa=desa)
    return family


def test_every_tidak_creates_a_follow_up_on_the_head_of_the_family(kader, family, today):
    survey = services.record_family_survey(actor=kader, family=family, visit_date=today, answers=answers(8, 2))
    assert (survey.met, survey.applicable, survey.iks, survey.category) == (8, 10, Decimal("0.800"), "pra_sehat")
    reasons = set(FollowUp.objects.values_list("reason", flat=True))
    assert reasons == {pispk.BY_CODE["air_bersih"].follow_up, pispk.BY_CODE["jamban_sehat"].follow_up}
    assert set(FollowUp.objects.values_list("patient__family_relation", flat=True)) == {FamilyRelation.KEPALA}


def test_indicators_9_to_12_cannot_be_tidak_berlaku(kader, family, today):
    with pytest.raises(ValidationError) as raised:
        services.record_family_survey(actor=kader, family=family, visit_date=today, answers={**answers(12, 0), "jkn": pispk.NA})
    assert raised.value.message_dict == {"jkn": [ALWAYS_APPLIES]}


def test_iks_of_a_desa_is_healthy_families_over_families_surveyed_and_sums_to_the_puskesmas(kader, bidan, desa, today):
    families = [FamilyFactory(desa=desa) for _ in range(4)]
    for family, (ya, tidak) in zip(families, [(12, 0), (6, 4), (2, 8)], strict=False):
        services.record_family_survey(actor=kader, family=family, visit_date=today, answers=answers(ya, tidak))
    summary = selectors.iks_summary(user=bidan)
    row = next(r for r in summary["desa"] if r.name == desa.name)
    assert (row.registered, row.surveyed, row.iks) == (4, 3, Decimal("0.333"))
    puskesmas = summary["puskesmas"][0]
    assert puskesmas.surveyed == 3 and puskesmas.iks == Decimal("0.333")
    jkn = next(item for item in summary["indicators"] if item[0].code == "jkn")
    assert jkn[1:] == (1, 2, 33.3)  # ya only in the first family


def test_the_visit_plan_lists_newborns_in_their_kn_window_bumil_near_term_and_lansia(kader, posyandu, today):
    area = posyandu.wilayah.get()
    baby = child(born=today - dt.timedelta(days=4), desa=area)
    seen = child(born=today - dt.timedelta(days=1), desa=area)
    record_package(actor=kader, patient=seen, package_id="neonatal", values={"weight": Decimal("3100")}, service_date=today)
    woman = PatientFactory(sex="F", birth_date=dt.date(1995, 1, 1), desa=area)
    record_package(actor=kader, patient=woman, package_id="anc", values={"hpht": today - dt.timedelta(days=260), "lila": Decimal("25"), "sbp": Decimal("110"),
                                                                     "dbp": Decimal("70")},
                   service_date=today - dt.timedelta(days=30), confirmed=True)
    grandpa = PatientFactory(sex="M", birth_date=dt.date(1950, 1, 1), desa=area)

    plan = selectors.visit_plan(user=kader, posyandu=posyandu, on=today)

    assert plan["newborns"] == [(baby, "KN2")]
    assert [p for p, _ in plan["near_term"]] == [woman]
    assert grandpa in plan["lansia"]


def test_the_family_page_records_the_form_and_lists_checklists(client, kader, family, petugas_lain):
    client.force_login(kader)
    url = reverse("outreach:family_visit", args=[family.pk])
    page = client.get(url)
    assert page.status_code == 200 and "kunjungan_rumah_dewasa" in page.content.decode()
    response = client.post(url, {"visit_date": "2026-06-15", **answers(12, 0)})
    assert response.status_code == 302 and family.surveys.get().category == "sehat"
    assert client.get(reverse("outreach:iks")).status_code == 200
    client.force_login(petugas_lain)
    assert client.get(url).status_code == 404
