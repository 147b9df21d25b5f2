"""What every page shares: error pages in Bahasa Indonesia, navigation by role."""

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from ilp.core.context_processors import NavGroup, flat
from ilp.people.tests.factories import PatientFactory


def main_content(response) -> str:
    """The page's <main>, without the tokens that change on every request."""
    html = response.content.decode()
    main = html[html.index("<main"):html.index("</main>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main)


def test_forbidden_page_says_why_in_indonesian(client, dinkes):
    client.force_login(dinkes)
    response = client.get(reverse("people:patient_list"))
    assertContains(response, "Peran Anda hanya melihat data agregat, bukan data pasien.", status_code=403)
    assertContains(response, 'data-testid="error-403"', status_code=403)


def test_not_found_page_is_the_same_for_a_missing_and_an_out_of_scope_patient(client, petugas_lain):
    ours = PatientFactory(name="Siti Aminah", sex="F")
    client.force_login(petugas_lain)
    out_of_scope = client.get(ours.get_absolute_url())
    missing = client.get(reverse("people:patient_detail", args=[ours.pk + 1000]))
    assert (out_of_scope.status_code, missing.status_code) == (404, 404)
    assert main_content(out_of_scope) == main_content(missing)
    assertNotContains(out_of_scope, "Siti Aminah", status_code=404)


@pytest.mark.parametrize(("persona", "shown", "hidden"), [
    ("pendaftaran", ["Pasien", "Keluarga", "Fasilitas"], ["Log audit"]),
    ("kapus", ["Pasien", "Log audit"], []),
    ("dinkes", ["Fasilitas", "Log audit"], ["Pasien", "Keluarga"]),
])
def test_navigation_shows_what_the_role_may_open(db, client, request, persona, shown, hidden):
    client.force_login(request.getfixturevalue(persona))
    labels = [label for label, _url, _key in flat(client.get(reverse("dashboards:home")).context["nav_items"])]
    assert set(shown) <= set(labels) and not set(hidden) & set(labels)


def test_navigation_is_absent_for_an_anonymous_visitor(client, db):
    assertNotContains(client.get(reverse("accounts:login")), 'data-testid="whoami"')


def test_a_navigation_group_renders_as_a_menu_with_its_links(rf, kapus):
    request = rf.get("/")
    request.user = kapus
    group = NavGroup([("Laboratorium", "/lab/", "lab"), ("Farmasi", "/farmasi/", "pharmacy")])
    html = render_to_string("base.html", {"user": kapus, "nav_items": [("Beranda", "/", "home"),
                                                                      ("Unit layanan", group, "units")],
                                          "active_nav": "pharmacy"}, request=request)
    menu = html[html.index("<details>"):html.index("</details>")]
    assert "Unit layanan" in menu and 'href="/lab/"' in menu
    assert 'class="dropdown-item active" href="/farmasi/"' in menu
    assert 'href="/"' in html[:html.index("<details>")]
