"""The Dinkes reaches the Jejaring pages and the Klaster 1 management dashboard (the only /manajemen/ page it may
read) from the menu; staff who may not read them do not see the items."""

import pytest
from django.urls import reverse

from ilp.core.context_processors import flat

pytestmark = pytest.mark.django_db


def _nav(client, user) -> dict[str, object]:
    client.force_login(user)
    return {label: url for label, url, _key in flat(client.get(reverse("dashboards:home")).context["nav_items"])}


def test_the_dinkes_has_manajemen_in_the_menu_and_the_page_opens(client, dinkes):
    nav = _nav(client, dinkes)
    assert nav["Klaster 1 Manajemen"] == reverse("management:dashboard")
    assert nav["Jejaring"] == reverse("network:home")
    assert client.get(nav["Klaster 1 Manajemen"]).status_code == 200


def test_a_bidan_has_neither(client, bidan):
    nav = _nav(client, bidan)
    assert "Klaster 1 Manajemen" not in nav and "Jejaring" not in nav
