"""Import of the Kemendagri list (idn-area-data): idempotent, parents linked, filtered by province."""

import csv
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import call_command

from ilp.regions.models import Region
from ilp.regions.services import LEVEL_FILES, import_regions


def rows_in_files(province: str) -> int:
    """Rows of the official files inside one province, counted straight from the CSVs."""
    total = 0
    for filename, _, _ in LEVEL_FILES:
        with (settings.ILP_REGION_DATA / filename).open(encoding="utf-8", newline="") as handle:
            total += sum(1 for row in csv.DictReader(handle) if (row["code"] + ".").startswith(province + "."))
    return total


def test_import_regions_twice_returns_the_same_count_and_adds_no_rows(db):
    before = Region.objects.count()
    first = import_regions(provinces=["13"])
    second = import_regions(provinces=["13"])
    assert (first, second, Region.objects.count()) == (rows_in_files("13"), rows_in_files("13"), before)


def test_import_regions_links_every_region_to_the_region_one_level_up(db):
    regions = Region.objects.filter(code__startswith="13.").select_related("parent")
    assert regions.exists()
    assert all(r.parent.code == r.code.rsplit(".", 1)[0] and r.parent.level == r.level - 1 for r in regions)


def test_import_regions_restores_an_official_name_changed_by_hand(db):
    desa = Region.objects.get(code="13.10.04.2001")
    official = desa.name
    Region.objects.filter(pk=desa.pk).update(name="Salah Ketik")
    import_regions(provinces=["13"])
    desa.refresh_from_db()
    assert desa.name == official


def test_import_regions_of_one_province_leaves_the_others_out(db):
    imported = import_regions(provinces=["65"])
    assert imported == rows_in_files("65") == Region.objects.filter(Region(code="65").subtree_q()).count()
    assert not Region.objects.filter(code__startswith="64.").exists()


def test_import_regions_reports_progress_as_it_goes(db):
    counts = []
    import_regions(provinces=["65"], progress=counts.append)
    assert counts and counts[-1] == rows_in_files("65") and counts == sorted(counts)


def test_import_regions_without_the_data_files_says_where_it_looked(db, tmp_path):
    with pytest.raises(FileNotFoundError, match="npm ci"):
        import_regions(provinces=["65"], data_dir=tmp_path)


def test_import_regions_command_loads_the_province_given(db):
    out = StringIO()
    call_command("import_regions", "--province", "65", stdout=out)
    assert Region.objects.filter(code="65", level=Region.Level.PROVINSI).exists()
    assert f"{rows_in_files('65'):,} wilayah diimpor" in out.getvalue()
