"""Worker processes SIGKILLed at random moments while sending, under 20% faults: still exactly once.

Runs a small `python -m bench.satusehat` (its own database: a SQLite file, or a fresh PostgreSQL
database when DATABASE_URL points at PostgreSQL), so the workers are real processes.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_killing_workers_at_random_moments_delivers_every_resource_exactly_once():
    run = subprocess.run([sys.executable, "-m", "bench.satusehat", "--visits", "12", "--kills", "12", "--workers", "2",
                          "--window", "0.4", "--limit", "90", "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=280, env={**os.environ})
    assert run.returncode == 0, run.stderr[-2000:]
    figures = json.loads(run.stdout.splitlines()[-1])
    assert figures["kills"] >= 10
    assert figures["accepted"] == figures["outbox_rows"] == figures["created_on_platform"]
    assert figures["created_more_than_once"] == 0 and figures["server_ids_match"] and figures["exactly_once"]
