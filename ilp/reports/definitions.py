"""Report definitions (definitions/*.yaml) parsed once into typed objects; errors name file and line.

A definition holds what the paper form shows as content: age bands, diseases with their ICD-10
codes, SPM services, the indicators of PWS KIA. The builders hold only the counting.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from ilp.clinical import icd10
from ilp.immunization.schedule import current_schedule
from ilp.indicators.definitions_loader import SASARAN_GROUPS, indicator_registry
from ilp.packages.engine.loader import LineLoader  # every mapping knows its line, for errors

DEFINITIONS = Path(__file__).resolve().parent / "definitions"
ORIENTATIONS = {"portrait", "landscape"}


class ReportDefinitionError(ValueError):
    """A report file is wrong; the message names the file and line."""


@dataclass(frozen=True)
class AgeBand:
    """Half-open: below `below_days` days of age, or below `below_years` completed years; open if neither."""

    label: str
    below_days: int | None = None
    below_years: int | None = None


@dataclass(frozen=True)
class Disease:
    """A surveillance disease counted by the ICD-10 codes its diagnoses start with."""

    code: str
    name: str
    icd10: tuple[str, ...]

    def matches(self, code: str) -> bool:
        return code.startswith(self.icd10)


@dataclass(frozen=True)
class SpmService:
    number: int
    name: str
    indicator: str = ""  # an indicator code; counted once the indicator exists
    missing: str = ""    # why the service cannot be counted (yet)

    def counted_by(self, registry: dict) -> str:
        """The indicator that counts this service today, or "" when it is missing."""
        return self.indicator if self.indicator in registry else ""


@dataclass(frozen=True)
class ReportDef:
    code: str
    version: int
    order: int
    name: str
    form: str
    orientation: str
    source: str
    unavailable: str = ""
    age_bands: tuple[AgeBand, ...] = ()
    indicators: tuple[str, ...] = ()
    diseases: tuple[Disease, ...] = ()
    services: tuple[SpmService, ...] = ()
    sasaran: str = ""
    desa_doses: tuple[str, ...] = ()


def _check_icd10(codes: list) -> tuple[str, ...]:
    for code in codes:
        if not icd10.is_diagnosis_code(str(code)):
            raise ValueError(f"kode ICD-10 {code!r} tidak dikenal")
    return tuple(str(code) for code in codes)


def _parse(raw: dict, line: list[int]) -> ReportDef:
    """Build one ReportDef; `line` is updated as nested items are read, so an error points at them."""
    bands, diseases, services = [], [], []
    for item in raw.get("age_bands", ()):
        line[0] = item.get("__line__", line[0])
        bands.append(AgeBand(str(item["label"]), item.get("below_days"), item.get("below_years")))
    for item in raw.get("diseases", ()):
        line[0] = item.get("__line__", line[0])
        diseases.append(Disease(str(item["code"]), item["name"], _check_icd10(item["icd10"])))
    registry = indicator_registry()
    for item in raw.get("services", ()):
        line[0] = item.get("__line__", line[0])
        service = SpmService(int(item["number"]), item["name"], item.get("indicator", ""), item.get("missing", ""))
        if not (service.indicator or service.missing):
            raise ValueError("layanan SPM perlu `indicator` atau `missing`")
        if service.indicator and service.indicator not in registry and not service.missing:
            # An indicator still being written may be named with `missing` as the reason until it exists.
            raise ValueError(f"indikator {service.indicator!r} tidak ada di ilp/indicators/definitions")
        services.append(service)
    line[0] = raw.get("__line__", 1)
    for code in raw.get("indicators", ()):
        if code not in registry:
            raise ValueError(f"indikator {code!r} tidak ada di ilp/indicators/definitions")
    known_doses = {dose.code for dose in current_schedule().doses}
    for code in raw.get("desa_doses", ()):
        if code not in known_doses:
            raise ValueError(f"dosis {code!r} tidak ada di jadwal imunisasi")
    if raw.get("sasaran") and raw["sasaran"] not in SASARAN_GROUPS:
        raise ValueError(f"kelompok sasaran {raw['sasaran']!r} tidak dikenal")
    if raw["orientation"] not in ORIENTATIONS:
        raise ValueError(f"orientation harus salah satu dari {sorted(ORIENTATIONS)}")
    return ReportDef(code=raw["id"], version=int(raw["version"]), order=int(raw["order"]), name=raw["name"],
                     form=raw["form"], orientation=raw["orientation"], source=raw["source"],
                     unavailable=raw.get("unavailable", ""), age_bands=tuple(bands),
                     indicators=tuple(raw.get("indicators", ())), diseases=tuple(diseases), services=tuple(services),
                     sasaran=raw.get("sasaran", ""), desa_doses=tuple(raw.get("desa_doses", ())))


def load(path: Path) -> ReportDef:
    """Parse and check one report file; raises ReportDefinitionError naming the file and line."""
    line = [1]
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)  # noqa: S506 (SafeLoader subclass)
        return _parse(raw, line)
    except (KeyError, TypeError, ValueError, yaml.YAMLError) as error:
        detail = f"kunci {error} tidak ada" if isinstance(error, KeyError) else str(error)
        raise ReportDefinitionError(f"{path.name}:{line[0]}: {detail}") from None


@lru_cache(maxsize=1)
def catalogue() -> dict[str, ReportDef]:
    """Every report by code, in the order the forms are listed."""
    reports: dict[str, ReportDef] = {}
    for path in sorted(DEFINITIONS.glob("*.yaml")):
        report = load(path)
        if report.code in reports:
            raise ReportDefinitionError(f"{path.name}:1: kode laporan {report.code!r} ganda")
        reports[report.code] = report
    return dict(sorted(reports.items(), key=lambda item: item[1].order))
