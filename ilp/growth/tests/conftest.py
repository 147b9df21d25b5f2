"""Shared fixture for the growth tests: the published WHO reference folder beside the repo."""

from __future__ import annotations

from pathlib import Path

import pytest

from ilp.growth.tests.reference import REFERENCE


@pytest.fixture(scope="session")
def reference() -> Path:
    """The reference folder; its absence is a failure, never a skip (see its README)."""
    if not (REFERENCE / "README.md").is_file():
        pytest.fail(
            f"WHO reference data not found at {REFERENCE}: the growth engine cannot be checked "
            "against WHO's published tables and surveys without ../shared/reference/ beside the repo"
        )
    return REFERENCE
