"""BPJS participant check (the PCare "peserta" lookup) behind a small port.

The Puskesmas asks BPJS whether a card number is active. The real service is slow and sometimes
down; registration must go on then (flagged `gangguan`, re-checked later). In the demo and the
tests a local stand-in server (ilp.stubs.bpjs_server) plays BPJS over real HTTP.
"""

import json
import urllib.error
import urllib.request
from dataclasses import dataclass

from django.conf import settings

from .models import BpjsStatus


@dataclass(frozen=True)
class Eligibility:
    status: str  # a BpjsStatus value
    name: str = ""
    provider: str = ""  # the FKTP the participant is registered with
    detail: str = ""


def check_participant(card_number: str, *, timeout: float | None = None) -> Eligibility:
    """Ask BPJS about a card; never raises: an unreachable service gives status `gangguan`."""
    base = settings.ILP_BPJS_URL.rstrip("/")
    if not base:
        return Eligibility(BpjsStatus.UNAVAILABLE, detail="ILP_BPJS_URL belum diatur")
    request = urllib.request.Request(f"{base}/peserta/{card_number}", headers={"Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout or settings.ILP_BPJS_TIMEOUT) as response:
            body = json.loads(response.read().decode())
    except urllib.error.HTTPError as error:
        if error.code == 404:
            return Eligibility(BpjsStatus.NOT_FOUND)
        return Eligibility(BpjsStatus.UNAVAILABLE, detail=f"HTTP {error.code}")
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as error:
        return Eligibility(BpjsStatus.UNAVAILABLE, detail=str(error)[:200])
    peserta = body.get("response") or {}
    active = (peserta.get("ketAktif") or "").upper() == "AKTIF"
    return Eligibility(
        BpjsStatus.ACTIVE if active else BpjsStatus.INACTIVE,
        name=peserta.get("nama", ""), provider=(peserta.get("kdProviderPst") or {}).get("nmProvider", ""),
    )
