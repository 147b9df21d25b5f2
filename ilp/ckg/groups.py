"""Which CKG group a person is in, and which package definitions make up its examination.

The examination reuses the ILP packages (ptm_dewasa, lansia, indera, jiwa, kanker, tbc_skrining), so a CKG
visit counts for the ILP indicators like any screening; the ckg_* definitions only add what those lack.
"""

import datetime as dt
from dataclasses import dataclass

from ilp.packages.engine import evaluate
from ilp.packages.engine.loader import registry
from ilp.packages.engine.schema import PackageDef
from ilp.people.age import completed_months

from .models import Group

SCHOOL_AGE = "Umur 7–17 tahun ikut PKG Sekolah (di sekolah), bukan PKG ulang tahun di Puskesmas."
INFANT_AGE = "Bayi umur 29 hari – 11 bulan belum masuk kelompok CKG; CKG berikutnya pada ulang tahun pertama."

SECTIONS: dict[str, tuple[str, ...]] = {
    Group.BBL: ("ckg_bbl",),
    Group.BALITA: ("ckg_balita", "tbc_skrining"),
    Group.DEWASA_18: ("ptm_dewasa", "indera", "jiwa", "kanker", "tbc_skrining", "ckg_dewasa"),
    Group.DEWASA_30: ("ptm_dewasa", "indera", "jiwa", "kanker", "tbc_skrining", "ckg_dewasa"),
    Group.DEWASA_40: ("ptm_dewasa", "indera", "jiwa", "kanker", "tbc_skrining", "ckg_dewasa"),
    # The geriatric battery (SKILAS, ADL, AMT, GDS-15) and the lansia BP/BMI/glucose live in `lansia`.
    Group.LANSIA: ("lansia", "indera", "kanker", "tbc_skrining", "ckg_dewasa"),
    Group.SEKOLAH: ("remaja", "tbc_skrining"),  # PKG Sekolah: the ILP school/remaja screening
}

# Questions the person answers on their own phone (package id -> field ids); never asked again by the nakes.
SELF_REPORT: dict[str, tuple[str, ...]] = {
    "ptm_dewasa": ("smoking", "alcohol", "physical_activity", "fruit_veg", "sugar_salt_fat"),
    "jiwa": tuple(f"srq{n:02d}" for n in range(1, 21)),
    "tbc_skrining": ("cough", "weight_loss", "fever", "night_sweats", "contact"),
    "lansia": ("sk_weight_loss", "sk_appetite", "sk_sad", "sk_interest"),
}


@dataclass(frozen=True)
class Section:
    package: PackageDef
    self_report: tuple[str, ...]


def group_for(*, birth_date: dt.date, on: dt.date, school: bool = False) -> str | None:
    """The juknis group by age on the day (newborn ≤ 28 days; 1–6 y; 18–29, 30–39, 40–59; 60+), else None.

    Ages 7–17 belong to PKG Sekolah: only the school route (`school=True`) registers them."""
    days, months = (on - birth_date).days, completed_months(birth_date, on)
    years = months // 12
    if school:
        return Group.SEKOLAH if 7 <= years <= 17 else None
    if days <= 28:
        return Group.BBL
    if months >= 12 and years <= 6:
        return Group.BALITA
    if 18 <= years <= 29:
        return Group.DEWASA_18
    if 30 <= years <= 39:
        return Group.DEWASA_30
    if 40 <= years <= 59:
        return Group.DEWASA_40
    if years >= 60:
        return Group.LANSIA
    return None


def not_eligible_reason(*, birth_date: dt.date, on: dt.date) -> str:
    years = completed_months(birth_date, on) // 12
    return SCHOOL_AGE if 7 <= years <= 17 else INFANT_AGE


def sections(*, group: str, patient, on: dt.date) -> list[Section]:
    """The packages of the group that apply to this person (e.g. `kanker` for women only)."""
    context = evaluate.context_facts(sex=patient.sex, birth_date=patient.birth_date, service_date=on)
    packages = [registry()[package_id] for package_id in SECTIONS[group]]
    return [Section(package=p, self_report=tuple(f for f in SELF_REPORT.get(p.id, ()) if evaluate.visible(p.field(f), context)))
            for p in packages if evaluate.applies(p, context)]
