"""FHIR JSON as SATUSEHAT wants it: decimals with the precision they were measured at, times in UTC as +00:00.

The model library checks structure, but writes 36.50 as 36.5 and UTC as "Z"; so the wire text is
written here from plain dicts, and read back with decimals kept.
"""

import datetime as dt
import json
import re
from decimal import Decimal

_DECIMAL = re.compile(r'"\\u0000dec:([-0-9.eE+]+)"')


def instant(value: dt.datetime) -> str:
    """A moment in UTC to the second, written with +00:00 (SATUSEHAT rejects local offsets)."""
    return value.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def _mark(value):
    if isinstance(value, Decimal):
        return f"\u0000dec:{value}"
    if isinstance(value, dict):
        return {k: _mark(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mark(v) for v in value]
    return value


def dumps(resource: dict) -> str:
    """JSON text with Decimal values written digit for digit (36.50 stays 36.50)."""
    text = json.dumps(_mark(resource), ensure_ascii=False, separators=(",", ":"))
    return _DECIMAL.sub(lambda m: m.group(1), text)


def loads(text: str | bytes) -> dict:
    """Parse FHIR JSON keeping decimals exact."""
    return json.loads(text, parse_float=Decimal)
