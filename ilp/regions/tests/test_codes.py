"""Kemendagri codes: dotted and plain-digit forms of every level."""

import pytest

from ilp.regions.models import Region, normalize_code


@pytest.mark.parametrize(("raw", "dotted"), [
    ("13", "13"),
    ("1310", "13.10"),
    ("131004", "13.10.04"),
    ("1310042001", "13.10.04.2001"),
    (" 1310042001 ", "13.10.04.2001"),
])
def test_normalize_code_dots_a_plain_code_of_each_level(raw, dotted):
    assert normalize_code(raw) == dotted


@pytest.mark.parametrize("code", ["13", "13.10", "13.10.04", "13.10.04.2001", "13.10.04.2001.1"])
def test_normalize_code_keeps_a_dotted_code(code):
    assert normalize_code(code) == code


@pytest.mark.parametrize("raw", ["", "1", "131", "13100", "13100420011", "13.1", "13-10-04", "Sitiung", "13.10.04.", None])
def test_normalize_code_rejects_anything_else(raw):
    with pytest.raises(ValueError, match="Kode wilayah"):
        normalize_code(raw)


def test_subtree_q_matches_a_region_and_everything_below_it(db):
    sitiung = Region.objects.get(code="13.10.04")
    subtree = Region.objects.filter(sitiung.subtree_q())
    assert set(subtree.values_list("code", flat=True)) == {"13.10.04", *sitiung.children.values_list("code", flat=True)}


def test_ancestors_run_from_the_province_down_to_the_parent(db):
    desa = Region.objects.filter(code__startswith="13.10.04.").first()
    assert [r.code for r in desa.ancestors()] == ["13", "13.10", "13.10.04"]
