"""Facility pages: the Puskesmas network inside the user's scope."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from ilp.facilities.models import Facility

LIST = reverse("facilities:facility_list")


def detail(facility) -> str:
    return reverse("facilities:facility_detail", args=[facility.pk])


def test_facility_list_shows_our_puskesmas_and_its_network_with_the_wilayah_size(client, bidan, puskesmas):
    client.force_login(bidan)
    response = client.get(LIST)
    rows = {f.name: f.desa_count for f in response.context["page"].object_list}
    assert rows["Puskesmas Sitiung I"] == puskesmas.wilayah.count()


def test_facility_list_leaves_out_another_puskesmas(client, bidan, puskesmas_lain):
    client.force_login(bidan)
    assertNotContains(client.get(LIST), puskesmas_lain.name)


def test_facility_list_filters_by_kind(client, bidan):
    client.force_login(bidan)
    response = client.get(LIST, {"jenis": "posyandu"})
    assert {f.kind for f in response.context["page"].object_list} == {Facility.Kind.POSYANDU}


def test_facility_list_ignores_an_unknown_kind(client, bidan):
    client.force_login(bidan)
    response = client.get(LIST, {"jenis": "rumah-makan"})
    assert (response.status_code, response.context["kind"]) == (200, "")


def test_facility_list_gives_the_last_page_for_a_page_number_past_the_end(client, dinkes):
    client.force_login(dinkes)
    response = client.get(LIST, {"page": "999"})
    page = response.context["page"]
    assert (response.status_code, page.number) == (200, page.paginator.num_pages)


def test_facility_detail_shows_the_desa_of_the_wilayah_kerja(client, bidan, puskesmas, desa):
    client.force_login(bidan)
    response = client.get(detail(puskesmas))
    assertContains(response, desa.name)
    assert len(response.context["wilayah"]) == puskesmas.wilayah.count()


def test_facility_detail_of_another_puskesmas_is_not_found(client, bidan, puskesmas_lain):
    client.force_login(bidan)
    assert client.get(detail(puskesmas_lain)).status_code == 404


@pytest.mark.parametrize("persona", ["dinkes", "admin_user"])
def test_facility_detail_of_any_puskesmas_of_the_kabupaten_opens_for_regional_roles(client, request, persona,
                                                                                    puskesmas_lain):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(detail(puskesmas_lain)).status_code == 200


def test_facility_detail_for_a_kader_is_only_her_posyandu(client, kader, posyandu, puskesmas):
    client.force_login(kader)
    assert (client.get(detail(posyandu)).status_code, client.get(detail(puskesmas)).status_code) == (200, 404)
