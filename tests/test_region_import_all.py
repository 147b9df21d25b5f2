"""The whole Kemendagri list: every desa/kelurahan of Indonesia (83k+) imports in one run."""

from ilp.regions.models import Region
from ilp.regions.services import import_regions


def test_import_regions_loads_all_of_indonesia(db):
    import_regions()
    counts = {level: Region.objects.filter(level=level).count() for level in Region.Level.values}
    assert counts[Region.Level.PROVINSI] == 38
    assert counts[Region.Level.DESA] > 80000
    assert not Region.objects.filter(level__gt=Region.Level.PROVINSI, parent__isnull=True).exists()
