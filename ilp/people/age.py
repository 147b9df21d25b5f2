"""Age as program rules count it (DOMAIN.md §0): completed days, months and years."""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _


def completed_months(birth: dt.date, on: dt.date) -> int:
    months = (on.year - birth.year) * 12 + on.month - birth.month
    return months - 1 if on.day < birth.day else months


def completed_years(birth: dt.date, on: dt.date) -> int:
    return completed_months(birth, on) // 12


def age_text(birth: dt.date, on: dt.date | None = None) -> str:
    on = on or timezone.localdate()
    days = (on - birth).days
    if days < 0:
        return "-"
    if days < 29:
        return _("%(n)d hari") % {"n": days}
    months = completed_months(birth, on)
    if months < 24:
        return _("%(n)d bulan") % {"n": months}
    return _("%(n)d tahun") % {"n": months // 12}
