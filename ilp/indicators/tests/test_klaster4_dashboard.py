"""The Klaster 3 and Klaster 4 dashboards list only defined indicators and render a card for each one."""

import pytest
from django.urls import reverse

from conftest import PASSWORD
from ilp.dashboards.programs import dashboards
from ilp.indicators.definitions_loader import indicator_registry


@pytest.mark.parametrize("slug, klaster", [("klaster-3", "k3"), ("klaster-4", "k4")])
def test_every_card_is_a_defined_indicator_of_its_klaster(slug, klaster):
    codes = [code for section in dashboards()[slug]["sections"] for code in section["indicators"]]
    assert codes and all(indicator_registry()[code].klaster == klaster for code in codes)


@pytest.mark.parametrize("slug", ["klaster-3", "klaster-4"])
def test_the_dashboard_shows_a_card_per_indicator_for_the_dinkes(client, dinkes, slug):
    client.login(username=dinkes.username, password=PASSWORD)
    html = client.get(reverse("dashboards:program", args=[slug]) + "?bulan=2026-03").content.decode()
    for section in dashboards()[slug]["sections"]:
        for code in section["indicators"]:
            assert f'data-testid="card-{code}"' in html
    assert "belum tersedia" not in html
