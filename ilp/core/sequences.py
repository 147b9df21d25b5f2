"""Numbers handed out one by one (no. RM, queue, receipt, letter) that two clerks never share."""

from collections.abc import Callable

from django.db import transaction
from django.db.models import F

from .models import Sequence


@transaction.atomic
def next_value(name: str, *, start_after: Callable[[], int] | None = None) -> int:
    """The next number of `name`; the UPDATE's row lock makes concurrent callers wait their turn.

    `start_after` gives the last number already in use when the counter is first created (numbers
    issued before counters existed, or imported), so a new counter never repeats one of them.
    """
    if not Sequence.objects.filter(name=name).exists():
        Sequence.objects.bulk_create([Sequence(name=name, value=start_after() if start_after else 0)],
                                     ignore_conflicts=True)
    Sequence.objects.filter(name=name).update(value=F("value") + 1)
    return Sequence.objects.values_list("value", flat=True).get(name=name)
