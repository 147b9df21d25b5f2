"""Import of the official Kemendagri region list (from the idn-area-data package)."""

import csv
from collections.abc import Callable, Iterable
from pathlib import Path

from django.conf import settings
from django.db import transaction

from .models import Region

# File, its parent-code column and its level, from the top down: parents exist before children.
LEVEL_FILES = [
    ("provinces.csv", None, Region.Level.PROVINSI),
    ("regencies.csv", "province_code", Region.Level.KABKOTA),
    ("districts.csv", "regency_code", Region.Level.KECAMATAN),
    ("villages.csv", "district_code", Region.Level.DESA),
]
BATCH = 5000


def region_rows(data_dir: Path | None = None) -> Iterable[tuple[str, str, str | None, int]]:
    """Yield (code, name, parent_code, level) for every official region, top level first."""
    data_dir = Path(data_dir or settings.ILP_REGION_DATA)
    for filename, parent_column, level in LEVEL_FILES:
        path = data_dir / filename
        if not path.exists():
            raise FileNotFoundError(f"Daftar wilayah tidak ditemukan: {path} (jalankan `npm ci`).")
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                yield row["code"], row["name"], row[parent_column] if parent_column else None, int(level)


@transaction.atomic
def import_regions(
    *,
    provinces: list[str] | None = None,
    data_dir: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Create or update regions (all of Indonesia, or only the given province codes); returns the count."""
    wanted = tuple(f"{code}." for code in provinces or [])
    code_to_id = dict(Region.objects.values_list("code", "id"))
    pending: list[Region] = []
    level_of_pending = None
    total = 0

    def flush() -> None:
        nonlocal total
        if not pending:
            return
        Region.objects.bulk_create(
            pending, update_conflicts=True, unique_fields=["code"], update_fields=["name", "level", "parent"]
        )
        code_to_id.update(
            Region.objects.filter(code__in=[r.code for r in pending]).values_list("code", "id")
        )
        total += len(pending)
        pending.clear()
        if progress:
            progress(total)

    for code, name, parent_code, level in region_rows(data_dir):
        if wanted and not (code + ".").startswith(wanted):
            continue
        if level != level_of_pending:
            flush()  # children look their parent up by code, so a level is stored before the next
            level_of_pending = level
        pending.append(Region(code=code, name=name, level=level, parent_id=code_to_id.get(parent_code)))
        if len(pending) >= BATCH:
            flush()
    flush()
    return total
