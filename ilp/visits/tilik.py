"""Daftar Tilik of SOP "Alur Pelayanan ILP" (seed 004): the 15 yes/no items, computed from the record.

Each item reads only what the flow stored (queue entries, events, observations, referrals,
follow-ups), so compliance needs no extra form. "Tidak berlaku" (not applicable) where the
item's condition did not arise, e.g. item 2 for a patient who was not an emergency.
"""

from dataclasses import dataclass

from ilp.clinical.vitals import VITALS_BY_ID

from .models import QueueEntry, Referral, Visit

YA, TIDAK, NA = "ya", "tidak", "tb"
ITEMS = [
    (1, "Pasien datang", "kiosk"),
    (2, "Kasus gawat darurat diarahkan langsung ke UGD", "ugd"),
    (3, "Bukan gawat darurat: pasien langsung ke Pandu PTM", "pandu_ptm"),
    (4, "Pandu PTM memeriksa tanda vital, tinggi badan dan berat badan", "pandu_ptm"),
    (5, "Pasien mendaftar dengan hasil pemeriksaan; BPJS dicek atau retribusi dibayar", "pendaftaran"),
    (6, "Petugas pendaftaran menginput data sesuai klaster", "pendaftaran"),
    (7, "Petugas pendaftaran mengarahkan pasien ke skrining", "pendaftaran"),
    (8, "Petugas skrining melakukan skrining", "skrining"),
    (9, "Pasien menuju ruang klaster (Klaster 2 atau 3)", "skrining"),
    (10, "Petugas klaster melakukan pemeriksaan (rujukan internal bila perlu)", "klaster"),
    (11, "Setelah lintas klaster/Klaster 4, pasien kembali ke klaster untuk konsultasi ulang", "lintas"),
    (12, "Pasien yang butuh layanan spesialistik dirujuk ke FKRTL", "klaster"),
    (13, "Pasien selesai dilayani mengambil obat di farmasi lalu pulang", "farmasi"),
    (14, "Petugas klaster mendokumentasikan pelayanan di sistem", "klaster"),
    (15, "Tindak lanjut di desa dikirim sebagai notifikasi ke Pustu", "klaster"),
]
_VITAL_CODES = {VITALS_BY_ID[k].code for k in ("sbp", "dbp", "weight", "height")}


@dataclass(frozen=True)
class TilikResult:
    number: int
    text: str
    area: str
    answer: str  # ya / tidak / tb


def _yes(condition: bool) -> str:
    return YA if condition else TIDAK


def evaluate(visit: Visit, entries: list[QueueEntry], referrals: list[Referral], observation_codes: set[str],
             has_follow_up: bool) -> list[TilikResult]:
    """The 15 answers for one visit, from its prefetched record."""
    done = [e for e in entries if e.status == QueueEntry.Status.DONE]
    codes = [e.station.code for e in entries]
    first = codes[0] if codes else ""
    clinic = [e for e in done if e.station.code in ("klaster2", "klaster3")]
    screened = [e for e in done if e.station.code.startswith("skrining_")]
    internal = [r for r in referrals if r.kind == Referral.Kind.INTERNAL and r.return_requested]
    external = [r for r in referrals if r.kind == Referral.Kind.EXTERNAL]
    finished = visit.status == Visit.Status.FINISHED
    regular = not visit.emergency
    paid_or_checked = ((visit.payer == "umum" and bool(visit.payments.all())) or (visit.payer == "bpjs" and visit.bpjs_status != "")
                       or visit.payer == "ckg")  # CKG is free: nothing to pay, no BPJS to check
    answers = {
        1: YA,
        2: _yes(first == "ugd") if visit.emergency else NA,
        3: _yes(first == "pandu_ptm") if regular else NA,
        4: _yes(observation_codes >= _VITAL_CODES) if regular else NA,
        5: _yes(visit.registered_at is not None and "pandu_ptm" in codes and paid_or_checked) if regular else NA,
        6: _yes(bool(visit.klaster)) if regular else NA,
        7: _yes(any(c.startswith("skrining_") for c in codes)) if visit.registered_at else NA,
        8: _yes(bool(screened)) if visit.registered_at else NA,
        9: _yes(any(c in ("klaster2", "klaster3") for c in codes)) if screened else NA,
        10: _yes(bool(clinic)) if any(c in ("klaster2", "klaster3") for c in codes) else NA,
        11: _yes(all(any(e.station_id == r.from_station_id and e.queued_at > r.created_at for e in entries) for r in internal))
            if internal and finished else NA,
        12: YA if external else NA,
        13: _yes(finished and ("farmasi" in codes or not clinic)) if finished else NA,
        14: _yes(all(e.note or observation_codes for e in clinic)) if clinic else NA,
        15: YA if has_follow_up else NA,
    }
    return [TilikResult(n, text, area, answers[n]) for n, text, area in ITEMS]
