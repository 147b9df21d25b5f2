"""Demo jejaring: the five structures, a partner klinik pratama with its own login (`klinik`), MoU/PKS/SK (one
ending soon, one expired), hypertension control at the Puskesmas and the klinik, an IQ-Care pathway for
hypertension with its care pathway, team, tasks and monthly monitoring, and the integration checklist."""

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from ilp.accounts.models import Role
from ilp.demo.users import DEMO_PASSWORD, demo_login
from ilp.facilities.models import Facility
from ilp.packages.services import record_package
from ilp.people.models import Patient

from . import services
from .choices import ChecklistArea, ChecklistStatus, MemberKind

PHASE_TASKS = [("promotif", None, "Penyuluhan diet rendah garam dan aktivitas fisik di Posyandu dan sekolah"),
               ("preventif", None, "Skrining tekanan darah usia ≥ 15 tahun (Posbindu, tempat kerja)"),
               ("kuratif", "klinik", "Tata laksana HT sesuai PPK; kontrol bulanan dicatat di paket Kontrol HT/DM"),
               ("rehabilitatif", "rs", "Rujuk balik pasca stroke/komplikasi dari RSUD; fisioterapi"),
               ("paliatif", None, "Kunjungan rumah pasien HT dengan komplikasi berat bersama kader")]


def _klinik(puskesmas) -> Facility:
    desa = list(puskesmas.wilayah.order_by("code"))
    clinic, _ = Facility.objects.get_or_create(code=f"K{puskesmas.code}", defaults={
        "name": "Klinik Pratama Sitiung Medika", "kind": Facility.Kind.KLINIK, "region": desa[0],
        "address": "Jl. Lintas Sumatera Km 3"})
    clinic.wilayah.set(desa)
    return clinic


def _ht(actor, patient, on: dt.date, sbp: int, dbp: int) -> None:
    record_package(actor=actor, patient=patient, package_id="ptm_kontrol", service_date=on,
                   values={"diagnosis": "HT", "place": "puskesmas", "sbp": Decimal(sbp), "dbp": Decimal(dbp),
                           "education": True, "therapy": "farmakologi", "adherence": "teratur"}, confirmed=True)


def _members(kapus, puskesmas, clinic, today):
    joined = today.replace(day=1) - dt.timedelta(days=200)
    pustu = list(puskesmas.children.filter(kind=Facility.Kind.PUSTU).order_by("code")[:2])
    posyandu = list(puskesmas.children.filter(kind=Facility.Kind.POSYANDU).order_by("code")[:2])
    rs = Facility.objects.filter(kind=Facility.Kind.FKRTL, region__code__startswith=puskesmas.region.code[:5]).first()
    add = lambda kind, **kw: services.add_member(actor=kapus, kind=kind, joined_on=joined, **kw)  # noqa: E731
    members = [add(MemberKind.PUSTU, facility=f) for f in pustu] + [add(MemberKind.POSYANDU, facility=f) for f in posyandu]
    members += [add(MemberKind.SEKOLAH, name="SD Negeri 01 Sitiung", contact="Kepala sekolah"),
                add(MemberKind.TEMPAT_KERJA, name="PT Perkebunan Sitiung Jaya", contact="HRD"),
                add(MemberKind.LINTAS_SEKTOR, name="Kantor Camat dan TP-PKK Kecamatan"),
                add(MemberKind.APOTEK, name="Apotek Sitiung Farma"), add(MemberKind.PMB, name="PMB Bd. Rosnawati")]
    klinik = add(MemberKind.KLINIK, facility=clinic, contact="dr. Rahmi (penanggung jawab)")
    rumah_sakit = add(MemberKind.RUMAH_SAKIT, facility=rs) if rs else None
    return members, klinik, rumah_sakit


def _agreements(kapus, puskesmas, members, klinik, today):
    def mou(member, kind, number, starts, ends):
        services.add_agreement(actor=kapus, member=member, kind=kind, number=number, starts_on=starts, ends_on=ends,
                               parties=f"{puskesmas.name}; {member.name}")

    mou(klinik, "pks", f"445/{today.year}/PKS-IQC/01", today - dt.timedelta(days=180), today + dt.timedelta(days=550))
    apotek = next(m for m in members if m.kind == MemberKind.APOTEK)
    mou(apotek, "mou", f"445/{today.year - 1}/MoU/07", today - dt.timedelta(days=330), today + dt.timedelta(days=35))
    pmb = next(m for m in members if m.kind == MemberKind.PMB)
    mou(pmb, "mou", f"445/{today.year - 2}/MoU/03", today - dt.timedelta(days=740), today - dt.timedelta(days=10))
    for member in members[:4]:
        mou(member, "sk", f"800/{today.year}/SK-Dinkes/{member.pk:02d}", today - dt.timedelta(days=200),
            today + dt.timedelta(days=900))


def seed(*, puskesmas, today: dt.date, rng) -> str:
    users = get_user_model().objects
    kapus, perawat = users.get(username="kapus"), users.get(username="perawat")
    clinic = _klinik(puskesmas)
    dokter_klinik = demo_login(username="klinik", role=Role.DOKTER, facility=clinic, first_name="dr. Rahmi",
                               last_name="(Klinik Sitiung Medika)")
    members, klinik, rumah_sakit = _members(kapus, puskesmas, clinic, today)
    _agreements(kapus, puskesmas, members, klinik, today)

    # Hypertension: before the pathway the Puskesmas sees half uncontrolled; afterwards the klinik joins the care.
    baseline = today.replace(month=max(1, today.month - 4), day=1)
    adults = list(Patient.objects.filter(desa__in=puskesmas.wilayah.all(), merged_into__isnull=True,
                                         birth_date__lte=today.replace(year=today.year - 40)).order_by("pk")[:24])
    for n, patient in enumerate(adults[:12]):
        _ht(perawat, patient, min(baseline, today), 150 if n % 2 else 130, 95 if n % 2 else 80)
    for n, patient in enumerate(adults[6:]):  # six patients overlap: seen at both, counted once
        _ht(dokter_klinik, patient, min(today, baseline + dt.timedelta(days=20 + rng.randrange(90))),
            132 if n % 5 else 146, 82 if n % 5 else 92)

    pathway = services.open_pathway(actor=kapus, problem="Hipertensi tidak terkendali di wilayah Puskesmas",
                                    indicator_code="ht_terkendali", members=[klinik, *members[:4]], today=baseline)
    performers = {"klinik": klinik, "rs": rumah_sakit}
    for phase, who, task in PHASE_TASKS:
        services.add_step(actor=kapus, pathway=pathway, phase=phase, member=performers.get(who), task=task,
                          guideline="PPK di FKTP (KMK HK.01.07/MENKES/1186/2022); PNPK Tata Laksana Hipertensi Dewasa")
    team = [services.add_team_member(actor=kapus, pathway=pathway, name=name, profession=job, member=member)
            for name, job, member in [("dr. Sisyani", "dokter", None), ("Ns. Hendra", "perawat", None),
                                      ("dr. Rahmi", "dokter", klinik), ("Apt. Yuliana", "apoteker", None)]]
    for description, person, status in [("Kontrol HT bulanan dan laporan ke Puskesmas", team[2], "berjalan"),
                                         ("Posbindu di tempat kerja tiap bulan", team[1], "selesai"),
                                         ("Ketersediaan amlodipin di klinik dan Pustu", team[3], "belum")]:
        task = services.assign_task(actor=kapus, pathway=pathway, description=description, assignee=person,
                                    due_on=today + dt.timedelta(days=30))
        services.set_task_status(actor=kapus, task=task, status=status)
    months = [(d.year, d.month) for d in (baseline.replace(month=m) for m in range(baseline.month + 1, today.month))]
    for year, month in months:
        services.record_monitoring(actor=kapus, pathway=pathway, kind="bulanan", year=year, month=month, today=today,
                                   findings="Klinik melapor kontrol HT; pasien putus obat ditelusuri kader",
                                   follow_up="Kunjungan rumah pasien yang tidak kontrol")

    for facility in puskesmas.children.filter(kind__in=[Facility.Kind.PUSTU, Facility.Kind.POSYANDU]).order_by("code")[:6]:
        for area in ChecklistArea.values:
            services.set_checklist_item(actor=kapus, facility=facility, area=area,
                                        status=rng.choice(ChecklistStatus.values))
    return (f"Jejaring: {len(members) + 1 + bool(rumah_sakit)} anggota, IQ-Care hipertensi dengan {clinic.name} "
            f"({len(months)} monitoring); login klinik / {DEMO_PASSWORD}")
