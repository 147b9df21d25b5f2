"""Demo Klaster 1: the Puskesmas' staff (the demo logins among them) with STR/SIP (one expired, two expiring),
trainings and this month's roster; an inventory; three months of INM audits and survey answers; incidents;
next year's RUK; two lokakarya mini with RTL; a PKP manual value; and a year of revenue and spending."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from . import choices, services
from .selectors import month_bounds

K = choices.StaffKind
E = choices.Employment
STAFF = [
    # name, kind, employment, education, years here, klaster, room names, login
    ("dr. Sisyani", K.DOKTER, E.PNS, choices.Education.PROFESI, 9, "k3", ["Ruang Klaster 3 (Dewasa, Lansia)"], "dokter"),
    ("dr. Fadli Rahman", K.DOKTER, E.PPPK, choices.Education.PROFESI, 2, "lintas", ["UGD"], ""),
    ("drg. Mega Lestari", K.DOKTER_GIGI, E.PNS, choices.Education.PROFESI, 6, "lintas", ["Poli Gigi"], ""),
    ("Bd. Yusnita", K.BIDAN, E.PNS, choices.Education.D3, 14, "k2", ["Ruang Klaster 2 (KIA, Anak, Remaja)"], "bidan"),
    ("Bd. Sri Wahyuni", K.BIDAN, E.PPPK, choices.Education.D4, 4, "k2", ["Ruang Klaster 2 (KIA, Anak, Remaja)"], ""),
    ("Bd. Rahmi", K.BIDAN, E.HONORER, choices.Education.D3, 1, "k2", [], ""),
    ("Ns. Hendra", K.PERAWAT, E.PNS, choices.Education.PROFESI, 11, "k3", ["Pandu PTM"], "perawat"),
    ("Ns. Dewi Anggraini", K.PERAWAT, E.BLUD, choices.Education.PROFESI, 3, "k4", ["Ruang Klaster 4 (P2M, TBC)"], ""),
    ("Ahmad Zaki, A.Md.Kep", K.PERAWAT, E.KONTRAK, choices.Education.D3, 5, "lintas", ["UGD"], ""),
    ("Yuliana, S.Gz", K.GIZI, E.PNS, choices.Education.S1, 8, "lintas", ["Ruang Gizi"], ""),
    ("Rudi Hartono, AMKL", K.KESLING, E.PNS, choices.Education.D3, 16, "k4", [], ""),
    ("Fitri Handayani, A.Md.AK", K.ANALIS, E.PPPK, choices.Education.D3, 3, "lintas", ["Laboratorium"], ""),
    ("apt. Novi Susanti", K.APOTEKER, E.PNS, choices.Education.PROFESI, 7, "lintas", ["Farmasi"], ""),
    ("Indra Gunawan, SKM", K.PROMKES, E.PNS, choices.Education.S1, 12, "k1", [], ""),
    ("Rina Marlina", K.ADMINISTRASI, E.HONORER, choices.Education.SMA, 6, "k1", ["Loket Pendaftaran"], "pendaftaran"),
    ("Syafrizal", K.ADMINISTRASI, E.BLUD, choices.Education.D3, 21, "k1", ["Kasir"], ""),
]
TRAININGS = ["Pelatihan PONED", "Pelatihan PTM terpadu", "Pelatihan IMS/HIV", "BTCLS", "Manajemen Puskesmas",
             "Konseling menyusui", "Pelatihan TBC"]
ASSETS = [
    (choices.AssetCategory.ALKES, "Tensimeter digital", "Pandu PTM", 6, choices.Condition.BAIK, 200),
    (choices.AssetCategory.ALKES, "Timbangan bayi digital", "Ruang Klaster 2 (KIA, Anak, Remaja)", 3, choices.Condition.BAIK, 40),
    (choices.AssetCategory.ALKES, "Doppler janin", "Ruang Klaster 2 (KIA, Anak, Remaja)", 2, choices.Condition.RUSAK_RINGAN, -10),
    (choices.AssetCategory.ALKES, "EKG 12 lead", "UGD", 1, choices.Condition.BAIK, 75),
    (choices.AssetCategory.ALKES, "Hematology analyzer", "Laboratorium", 1, choices.Condition.BAIK, 300),
    (choices.AssetCategory.ALKES, "Dental unit", "Poli Gigi", 1, choices.Condition.RUSAK_BERAT, None),
    (choices.AssetCategory.ALKES, "Mikroskop binokuler", "Laboratorium", 2, choices.Condition.BAIK, None),
    (choices.AssetCategory.SARANA, "Gedung pelayanan utama", None, 1, choices.Condition.BAIK, None),
    (choices.AssetCategory.SARANA, "Rumah dinas dokter", None, 1, choices.Condition.RUSAK_RINGAN, None),
    (choices.AssetCategory.PRASARANA, "Genset 20 kVA", None, 1, choices.Condition.BAIK, None),
    (choices.AssetCategory.PRASARANA, "IPAL", None, 1, choices.Condition.RUSAK_RINGAN, None),
    (choices.AssetCategory.KENDARAAN, "Ambulans", None, 1, choices.Condition.BAIK, None),
    (choices.AssetCategory.KENDARAAN, "Sepeda motor pusling", None, 3, choices.Condition.RUSAK_BERAT, None),
    (choices.AssetCategory.TIK, "Komputer pelayanan", None, 8, choices.Condition.BAIK, None),
]
UNITS = ["Pendaftaran", "Ruang Klaster 2", "Ruang Klaster 3", "Farmasi", "Laboratorium"]


def _months_back(today: dt.date, n: int) -> dt.date:
    index = today.year * 12 + today.month - 1 - n
    return dt.date(index // 12, index % 12 + 1, 1)


def seed(*, puskesmas, today: dt.date, rng) -> str:
    users = get_user_model().objects
    kapus = users.get(username="kapus")
    rooms = {r.name: r for r in puskesmas.locations.all()}
    staff = []
    for number, (name, kind, employment, education, years, klaster, room_names, login) in enumerate(STAFF):
        user = users.filter(username=login, facility=puskesmas).first() if login else None
        member = services.save_staff(actor=kapus, name=name, kind=kind, employment=employment, education=education,
                                     started_on=today.replace(year=today.year - years) - dt.timedelta(days=rng.randrange(1, 200)),
                                     nip=f"19{80 + number}0{rng.randrange(100000, 999999)}" if employment == E.PNS else "",
                                     klaster=klaster, rooms=[rooms[r] for r in room_names if r in rooms], user=user)
        staff.append(member)
        if kind in choices.LICENSED_KINDS:
            services.add_licence(actor=kapus, staff=member, kind=choices.LicenceKind.STR, number=f"STR-{rng.randrange(10**9, 10**10)}",
                                 valid_from=today.replace(year=today.year - 3), valid_until=None)
            # SIP: one expired, two within the 90-day warning, the rest well ahead.
            ends = {1: -12, 4: 40, 8: 75}.get(number, 400 + 30 * number)
            services.add_licence(actor=kapus, staff=member, kind=choices.LicenceKind.SIP, number=f"SIP/{number + 1:03d}/DPMPTSP/{today.year - 4}",
                                 valid_from=today - dt.timedelta(days=5 * 365 - ends), valid_until=today + dt.timedelta(days=ends))
        for training in rng.sample(TRAININGS, rng.randrange(0, 3)):
            services.add_training(actor=kapus, staff=member, name=training, hours=rng.choice([24, 32, 40]),
                                  finished_on=today - dt.timedelta(days=rng.randrange(60, 1500)), organiser="Bapelkes Sumatera Barat")
    first, last = month_bounds(today.year, today.month)
    for member in staff[:8]:
        for week_start in range(0, last.day, 7):
            day = first + dt.timedelta(days=week_start)
            end = min(last, day + dt.timedelta(days=6))
            shift = rng.choice([choices.Shift.PAGI, choices.Shift.PAGI, choices.Shift.SIANG, choices.Shift.MALAM])
            services.set_shifts(actor=kapus, staff=member, first=day, last=end, shift=shift)

    for category, name, room, quantity, condition, calibration_days in ASSETS:
        services.save_asset(actor=kapus, category=category, name=name, room=rooms.get(room), quantity=quantity,
                            condition=condition, acquired_year=today.year - rng.randrange(0, 12),
                            code=f"INV-{rng.randrange(1000, 9999)}",
                            calibration_due=today + dt.timedelta(days=calibration_days) if calibration_days is not None else None)

    for back in range(3):
        month = _months_back(today, back)
        for code, observed, share in [("kebersihan_tangan", 60, 0.8), ("apd", 30, 0.93), ("identifikasi_pasien", 50, 0.96),
                                      ("pengobatan_tb", 12, 0.9), ("anc_standar", 40, 0.85)]:
            services.record_quality_measure(actor=kapus, code=code, month=month, numerator=round(observed * share) - rng.randrange(0, 3),
                                            denominator=observed)
        month_last = min(today, month_bounds(month.year, month.month)[1])
        for _n in range(15):
            services.record_survey(actor=kapus, unit=rng.choice(UNITS), score=rng.choice([2, 3, 3, 3, 4, 4]),
                                   answered_on=month + dt.timedelta(days=rng.randrange(0, month_last.day)))
    incidents = [(choices.IncidentKind.KNC, choices.RiskGrade.HIJAU, "Farmasi", "Obat hampir diberikan ke pasien dengan nama mirip; tertahan saat konfirmasi tanggal lahir."),
                 (choices.IncidentKind.KTC, choices.RiskGrade.BIRU, "Laboratorium", "Label tabung tertukar, diketahui sebelum hasil dikeluarkan."),
                 (choices.IncidentKind.KPC, choices.RiskGrade.KUNING, "UGD", "Lantai licin di depan UGD tanpa tanda peringatan.")]
    for number, (kind, grade, unit, text) in enumerate(incidents):
        incident = services.report_incident(actor=kapus, occurred_on=today - dt.timedelta(days=10 + 12 * number), kind=kind,
                                            grade=grade, unit=unit, description=text)
        if number == 0:
            services.follow_up_incident(actor=kapus, incident=incident, status=choices.IncidentStatus.CLOSED,
                                        follow_up="Identifikasi dua penanda (nama dan tanggal lahir) diingatkan di apel pagi.")

    plan = [("Kelas ibu hamil di setiap desa", "k1", "Bd. Yusnita"), ("Skrining PTM di Posbindu", "", "Ns. Hendra"),
            ("Investigasi kontak TBC", "", "Ns. Dewi Anggraini"), ("Pelatihan kader Posyandu", "", "Indra Gunawan, SKM")]
    from .selectors import indicator_choices, indicator_target

    codes = {code for code, _label in indicator_choices()}
    for name, code, person in plan:
        code = code if code in codes else ""
        drawn = indicator_target(user=kapus, code=code, year=today.year + 1) if code else {}
        services.add_plan_activity(actor=kapus, kind=choices.PlanKind.RUK, year=today.year + 1, name=name, indicator_code=code,
                                   target_percent=drawn.get("target"), sasaran=drawn.get("sasaran"),
                                   budget=rng.randrange(5, 60) * 1_000_000, fund_source=rng.choice([choices.FundSource.BOK, choices.FundSource.APBD]),
                                   person_in_charge=person)

    for back, kind in [(1, choices.WorkshopKind.QUARTERLY), (0, choices.WorkshopKind.MONTHLY)]:
        held_on = min(today, _months_back(today, back) + dt.timedelta(days=4))
        attendees = [{"name": s.name, "institution": puskesmas.name, "position": s.get_kind_display(), "staff": s} for s in staff[:10]]
        if kind == choices.WorkshopKind.QUARTERLY:
            attendees += [{"name": "Camat Sitiung", "institution": "Kantor Camat Sitiung", "position": "Camat"},
                          {"name": "dr. Rina Oktavia", "institution": "Klinik Pratama Sehat Bersama", "position": "Penanggung jawab"},
                          {"name": "Ketua TP-PKK", "institution": "TP-PKK Kecamatan", "position": "Ketua"}]
        services.hold_workshop(actor=kapus, held_on=held_on, kind=kind, place="Aula Puskesmas",
                               issues="Cakupan K1 dan skrining PTM di bawah target; kunjungan rumah belum merata.",
                               attendees=attendees,
                               actions=[{"problem": "Cakupan K1 rendah di Desa Sitiung", "action": "Sweeping ibu hamil bersama kader",
                                         "person_in_charge": "Bd. Yusnita", "due_on": held_on + dt.timedelta(days=30)},
                                        {"problem": "Skrining PTM rendah", "action": "Posbindu di kantor nagari",
                                         "person_in_charge": "Ns. Hendra", "due_on": held_on + dt.timedelta(days=20)}])
    services.record_performance(actor=kapus, year=today.year, name="Rapat koordinasi lintas sektor terlaksana",
                                target=Decimal(100), achievement=Decimal(75))

    for month_number in range(1, today.month + 1):
        month = dt.date(today.year, month_number, 1)
        for direction, source, amount in [(choices.Direction.REVENUE, choices.FundSource.KAPITASI, 118_000_000),
                                          (choices.Direction.REVENUE, choices.FundSource.NON_KAPITASI, 9_000_000),
                                          (choices.Direction.REVENUE, choices.FundSource.BOK, 35_000_000),
                                          (choices.Direction.SPENDING, choices.FundSource.KAPITASI, 104_000_000),
                                          (choices.Direction.SPENDING, choices.FundSource.BOK, 31_000_000)]:
            services.record_finance(actor=kapus, month=month, direction=direction, source=source,
                                    amount=int(amount * rng.uniform(0.85, 1.1)))
    return (f"Klaster 1: {len(staff)} pegawai dengan STR/SIP dan jadwal dinas, {len(ASSETS)} inventaris, INM dan survei 3 bulan, "
            f"{len(incidents)} insiden, {len(plan)} kegiatan RUK, 2 lokakarya mini dengan RTL, keuangan {today.month} bulan")
