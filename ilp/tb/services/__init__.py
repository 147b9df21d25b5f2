"""Writes on the TB register: one function per step, each in one transaction with its audit row and facts."""

from .cases import (
    CLINICIANS,
    DOCTORS,
    order_test,
    record_diagnosis,
    record_outcome,
    record_test_result,
    register_presumptive,
    start_treatment,
)
from .contacts import (
    CONTACT_TRACERS,
    add_contact,
    decide_contact,
    record_contact_tests,
    screen_contact,
    start_tpt,
)

__all__ = ["CLINICIANS", "CONTACT_TRACERS", "DOCTORS", "add_contact", "decide_contact", "order_test", "record_contact_tests",
           "record_diagnosis", "record_outcome", "record_test_result", "register_presumptive", "screen_contact",
           "start_tpt", "start_treatment"]
