"""`ilp reports list|render|dhis2`: the standard report files and the DHIS2 export, for a scope and a month."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ilp.reports import dhis2, files
from ilp.reports.area import area_for_code
from ilp.reports.definitions import catalogue
from ilp.reports.renderers import FORMATS
from ilp.reports.tables import Month, ReportUnavailable

SCOPE_HELP = "kode wilayah (mis. 13.10) atau kode fasilitas (wilayah kerjanya); kosong = seluruh wilayah"


class Command(BaseCommand):
    help = "Laporan standar (LB1, PWS KIA, imunisasi, LPLPO, W2, SPM) sebagai PDF/XLSX/CSV, dan ekspor DHIS2."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="daftar laporan")
        render = sub.add_parser("render", help="buat berkas laporan")
        render.add_argument("code", type=str.lower, help="kode laporan (huruf besar/kecil sama), lihat `ilp reports list`")
        dhis = sub.add_parser("dhis2", help="semua indikator per desa sebagai DHIS2 dataValueSets (JSON)")
        for command in (render, dhis):
            command.add_argument("--period", required=True, help="YYYY-MM")
            command.add_argument("--scope", default="", help=SCOPE_HELP)
            command.add_argument("--output", required=True, help="berkas tujuan")
        render.add_argument("--format", required=True, choices=sorted(FORMATS))
        dhis.add_argument("--mapping", default="", help="berkas pemetaan UID (bawaan: ILP_DHIS2_MAPPING atau contoh di repo)")

    def handle(self, *args, action, **options):
        if action == "list":
            for code, report in catalogue().items():
                note = f"  [belum tersedia: {report.unavailable}]" if report.unavailable else ""
                self.stdout.write(f"{code:<10} {report.form:<10} {report.name}{note}")
            return
        try:
            month = Month.parse(options["period"])
        except ValueError as error:
            raise CommandError(str(error)) from None
        area = area_for_code(options["scope"])
        if not area.desa:
            raise CommandError(f"Wilayah/fasilitas {options['scope']!r} tidak dikenal atau tidak punya desa.")
        if action == "render":
            report_file = self._render(options["code"], area=area, month=month, fmt=options["format"])
        else:
            report_file = self._dhis2(area=area, month=month, mapping=options["mapping"])
        Path(options["output"]).write_bytes(report_file.content)
        self.stdout.write(f"{options['output']} ({len(report_file.content)} byte)")

    def _render(self, code: str, **kwargs) -> files.ReportFile:
        if code not in catalogue():
            raise CommandError(f"Laporan {code!r} tidak dikenal; lihat `ilp reports list`.")
        try:
            return files.report_file(code=code, **kwargs)
        except ReportUnavailable as error:
            raise CommandError(f"Laporan {code}: {error}.") from None

    def _dhis2(self, *, area, month, mapping: str) -> files.ReportFile:
        try:
            chosen = dhis2.load_mapping(Path(mapping)) if mapping else dhis2.default_mapping()
        except (OSError, dhis2.MappingError) as error:
            raise CommandError(f"Pemetaan DHIS2: {error}") from None
        report_file, skipped = files.dhis2_file(area=area, month=month, mapping=chosen)
        for line in skipped:
            self.stderr.write(f"dilewati: {line}")
        return report_file
