"""Typed shape of a service package definition (a YAML file in ../definitions)."""

from dataclasses import dataclass, field
from decimal import Decimal

SYSTEMS = {
    "loinc": "http://loinc.org",
    "snomed": "http://snomed.info/sct",
    "icd10": "http://hl7.org/fhir/sid/icd-10",
    "ilp": "https://fhir.sip-ilp.id/CodeSystem/ilp-local",  # our own codes where no standard one exists
}
FIELD_TYPES = {"quantity", "integer", "boolean", "choice", "date", "time", "text"}
LIFE_STAGES = {"ibu_hamil", "ibu_bersalin", "ibu_nifas", "neonatus", "bayi_balita", "anak_sekolah_remaja",
               "dewasa", "lansia", "semua"}


@dataclass(frozen=True)
class Code:
    system: str
    code: str
    display: str


@dataclass(frozen=True)
class Choice:
    code: str
    label: str


@dataclass(frozen=True)
class FieldDef:
    id: str
    label: str
    type: str
    code: Code | None = None
    unit: str = ""
    hard: tuple[Decimal, Decimal] | None = None
    soft: tuple[Decimal, Decimal] | None = None
    decimals: int = 1
    required: bool = False
    required_if: str = ""   # an expression; the field is required when it is true
    show_if: str = ""       # an expression over context facts (sex, age); hidden otherwise
    choices: tuple[Choice, ...] = ()
    help: str = ""
    not_future: bool = False
    from_vitals: str = ""   # a Pandu PTM measure id whose value pre-fills this field
    feeds: tuple[str, ...] = ()  # indicator ids this field feeds


@dataclass(frozen=True)
class Window:
    """A visit slot by day since an event (day 0 = the event's date), e.g. KF2 = days 3–7."""

    slot: str
    first_day: int
    last_day: int
    min_hours: int = 0  # e.g. KF1/KN1 start 6 hours after the event


@dataclass(frozen=True)
class ComputedDef:
    id: str
    label: str
    kind: str
    inputs: dict[str, str] = field(default_factory=dict)
    unit: str = ""
    code: Code | None = None
    windows: tuple[Window, ...] = ()  # kind "days_since": the slots, in day order


@dataclass(frozen=True)
class Flag:
    code: str
    label: str
    severity: str = "warning"  # info / warning / danger


@dataclass(frozen=True)
class RuleDef:
    id: str
    when: str
    flag: Flag | None = None
    refer_to: str = ""          # a station code suggested for internal referral
    follow_up: str = ""         # a tindak lanjut text for the Pustu of the patient's desa
    message: str = ""


@dataclass(frozen=True)
class FactsDef:
    """How a record counts in the facts table: which value is its code, which groups its records."""

    code: str = ""          # a field or computed id (e.g. place, trimester)
    code_prefix: str = ""   # e.g. "T" so trimester 1 counts as code "T1"
    group: str = ""         # a field id grouping records of one episode (e.g. hpht, delivery_date)


@dataclass(frozen=True)
class PackageDef:
    id: str
    version: int
    name: str
    klaster: str
    life_stage: str
    source: str
    fields: tuple[FieldDef, ...]
    computed: tuple[ComputedDef, ...] = ()
    rules: tuple[RuleDef, ...] = ()
    applies_if: str = ""        # an expression over sex/age/pregnant; empty = everyone
    stations: tuple[str, ...] = ()
    facts: FactsDef = FactsDef()
    path: str = ""

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}"

    def field(self, field_id: str) -> FieldDef:
        return next(f for f in self.fields if f.id == field_id)
