"""CSV per juknis form: one row per person with the latest CKG record of that package this year."""

from django.http import Http404

from ilp.packages.engine.loader import registry
from ilp.packages.models import PackageRecord

from . import groups, selectors


def package_rows(*, user, package_id: str, year: int) -> tuple[list[str], list[list]]:
    if package_id not in {p for ids in groups.SECTIONS.values() for p in ids}:
        raise Http404(package_id)
    package = registry()[package_id]
    visits = selectors.registration_list(user=user).filter(year=year).values_list("visit_id", flat=True)
    latest: dict[int, PackageRecord] = {}
    for record in (PackageRecord.objects.filter(visit_id__in=visits, package_id=package_id, status=PackageRecord.Status.FINAL)
                   .select_related("patient").order_by("service_date", "recorded_at")):
        latest[record.patient_id] = record  # a re-examination replaces the earlier row
    header = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "tanggal_periksa", *[f.id for f in package.fields],
              *[c.id for c in package.computed], "temuan"]
    rows = [[r.patient.nik or "", r.patient.name, r.patient.birth_date.isoformat(), r.patient.sex, r.service_date.isoformat(),
             *[r.values.get(f.id, "") for f in package.fields], *[r.computed.get(c.id, "") for c in package.computed],
             "; ".join(f["code"] for f in r.flags)] for r in latest.values()]
    return header, rows
