"""Writes on visits, re-exported so callers say `services.finish_entry(...)`."""

from .queue import (  # noqa: F401
    allowed_next,
    call_entry,
    call_next,
    cancel_visit,
    close_visit,
    ensure_stations,
    finish_entry,
    open_visit,
    queue_at,
    skip_entry,
    start_service,
)
from .referral import (  # noqa: F401
    complete_follow_up,
    create_follow_up,
    notify_pustu,
    pustu_for,
    refer_externally,
    refer_internally,
)
from .registration import check_vitals, pay_retribution, recheck_bpjs, record_vitals, register_visit  # noqa: F401
