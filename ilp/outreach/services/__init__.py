"""Writes for outreach (one function per use case), re-exported by sub-domain."""

from .family import record_family_survey  # noqa: F401
from .session import (  # noqa: F401
    close_session,
    mark_step,
    open_session,
    record_measurement,
    refer_attendee,
    register_attendance,
    set_kader_present,
    set_schedule,
)
from .sync import receive_upload, review_conflict  # noqa: F401
