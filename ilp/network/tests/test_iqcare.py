"""IQ-Care in five stages, and the partner klinik's HT control counted in the wilayah without double counting.

Hand count (2026, Puskesmas Sitiung I, ptm_kontrol, all ≥ 15 years, living in the wilayah):
- Ani: Puskesmas 10-02 BP 150/95 (not controlled); klinik 10-05 BP 132/82 (controlled).
- Budi: Puskesmas 12-02 BP 130/80 (controlled); klinik 03-06 BP 128/80 (controlled).
- Citra: klinik only, 01-06 BP 128/78 (controlled).
ht_terkendali, cumulative Jan–Mar: people with HT control = Ani, Budi (2); controlled = Budi (1) → 50.0 %.
Jan–Sep: people with HT control = Ani, Budi, Citra = 3 (5 records); controlled = 3 → 100.0 %.
Served per facility (controlled, Jan–Sep): Puskesmas 1 (Budi), klinik 3 (Ani, Budi, Citra): 4 rows, 3 people.
"""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import make_user
from ilp.accounts.models import Role
from ilp.audit.models import AuditEntry
from ilp.network import selectors, services
from ilp.network.choices import MemberKind, MonitoringKind
from ilp.network.models import Monitoring
from ilp.people.tests.factories import PatientFactory

from .factories import D, ht_control


@pytest.fixture
def year_2026(puskesmas, dokter_klinik, desa):
    perawat = make_user("perawat", Role.PERAWAT, facility=puskesmas)
    ani, budi, citra = (PatientFactory(desa=desa, birth_date=D(1970 + n, 1, 1)) for n in range(3))
    ht_control(perawat, ani, D(2026, 2, 10), 150, 95)
    ht_control(perawat, budi, D(2026, 2, 12), 130, 80)
    ht_control(dokter_klinik, ani, D(2026, 5, 10), 132, 82)
    ht_control(dokter_klinik, budi, D(2026, 6, 3), 128, 80)
    ht_control(dokter_klinik, citra, D(2026, 6, 1), 128, 78)


@pytest.fixture
def pathway(kapus, clinic, year_2026):
    member = services.add_member(actor=kapus, kind=MemberKind.KLINIK, facility=clinic, joined_on=D(2026, 1, 5))
    return services.open_pathway(actor=kapus, problem="Hipertensi tidak terkendali", indicator_code="ht_terkendali",
                                 members=[member], today=D(2026, 3, 20))


def test_a_person_seen_at_the_puskesmas_and_the_klinik_counts_once(puskesmas, year_2026):
    after = selectors.indicator_figure(puskesmas=puskesmas, code="ht_terkendali", year=2026, month=9)
    assert (after.numerator, after.denominator, after.value) == (3, Decimal(3), Decimal("100.0"))


def test_the_served_breakdown_names_both_facilities(puskesmas, clinic, year_2026):
    served = selectors.served_by_facility(puskesmas=puskesmas, code="ht_terkendali", year=2026, month=9)
    assert served == [(clinic.name, 3), (puskesmas.name, 1)]


def test_opening_a_pathway_records_the_problem_and_its_baseline_from_the_indicator(pathway, clinic):
    assert (pathway.baseline_year, pathway.baseline_month, pathway.baseline_value) == (2026, 3, Decimal("50.0"))
    assert [m.facility for m in pathway.members.all()] == [clinic]
    assert AuditEntry.objects.filter(action="network.pathway_open", target_id=str(pathway.pk)).exists()


def test_a_pathway_needs_a_known_indicator_and_members_of_our_network(kapus, puskesmas_lain):
    with pytest.raises(ValidationError) as raised:
        services.open_pathway(actor=kapus, problem="x", indicator_code="tidak_ada", members=[])
    assert "indicator_code" in raised.value.message_dict
    with pytest.raises(ValidationError) as raised:
        services.open_pathway(actor=kapus, problem="x", indicator_code="ht_terkendali", members=[])
    assert raised.value.message_dict == {"members": [services.MEMBERS_NEEDED]}


def test_the_care_pathway_team_and_tasks_are_written_per_facility(kapus, pathway):
    member = pathway.members.get()
    step = services.add_step(actor=kapus, pathway=pathway, phase="kuratif", member=member, task="Tata laksana HT sesuai PPK",
                             guideline="PPK FKTP 2022; PNPK Hipertensi")
    nurse = services.add_team_member(actor=kapus, pathway=pathway, name="Ns. Hendra", profession="perawat")
    doctor = services.add_team_member(actor=kapus, pathway=pathway, name="dr. Rahmi", profession="dokter", member=member)
    task = services.assign_task(actor=kapus, pathway=pathway, description="Kontrol tensi bulanan", assignee=doctor)
    services.set_task_status(actor=kapus, task=task, status="berjalan")
    pathway.refresh_from_db()
    assert (step.member, pathway.guideline) == (member, "PPK FKTP 2022; PNPK Hipertensi")
    assert {t.name for t in pathway.team.all()} == {"dr. Rahmi", "Ns. Hendra"} and nurse.member is None
    assert pathway.tasks.get().status == "berjalan"


def test_monthly_monitoring_stores_before_and_after_from_the_engine(kapus, pathway):
    monitoring = services.record_monitoring(actor=kapus, pathway=pathway, kind=MonitoringKind.BULANAN, year=2026, month=9,
                                            findings="Klinik melapor rutin", today=D(2026, 10, 2))
    assert (monitoring.before_value, monitoring.after_value) == (Decimal("50.0"), Decimal("100.0"))
    assert (monitoring.after_numerator, monitoring.after_denominator) == (3, Decimal(3))


def test_the_same_month_is_monitored_once(kapus, pathway):
    services.record_monitoring(actor=kapus, pathway=pathway, kind="bulanan", year=2026, month=4, findings="a", today=D(2026, 10, 2))
    with pytest.raises(ValidationError) as raised:
        services.record_monitoring(actor=kapus, pathway=pathway, kind="bulanan", year=2026, month=4, findings="b",
                                   today=D(2026, 10, 2))
    assert raised.value.message_dict == {"month": [services.ALREADY_MONITORED]}
    assert Monitoring.objects.count() == 1


def test_a_month_not_yet_over_or_before_the_baseline_is_refused(kapus, pathway):
    for year, month, message in [(2026, 11, services.FUTURE_MONTH),
                                 (2026, 2, services.BEFORE_BASELINE % {"month": 3, "year": 2026})]:
        with pytest.raises(ValidationError) as raised:
            services.record_monitoring(actor=kapus, pathway=pathway, kind="bulanan", year=year, month=month, findings="x",
                                       today=D(2026, 10, 2))
        assert raised.value.message_dict == {"month": [message]}


def test_the_six_month_evaluation_is_the_dinkes_and_comes_after_six_months(kapus, dinkes, pathway):
    with pytest.raises(PermissionDenied):
        services.record_monitoring(actor=kapus, pathway=pathway, kind="evaluasi_6", year=2026, month=9, findings="x",
                                   today=D(2026, 10, 2))
    with pytest.raises(ValidationError) as raised:
        services.record_monitoring(actor=dinkes, pathway=pathway, kind="evaluasi_6", year=2026, month=8, findings="x",
                                   today=D(2026, 10, 2))
    assert raised.value.message_dict == {"kind": [services.TOO_EARLY % {"months": 6}]}
    evaluation = services.record_monitoring(actor=dinkes, pathway=pathway, kind="evaluasi_6", year=2026, month=9,
                                            findings="Target tercapai", today=D(2026, 10, 2))
    assert evaluation.after_value == Decimal("100.0")


def test_only_our_head_writes_the_pathway(pathway, puskesmas_lain, dinkes):
    other = make_user("kapus.lain", Role.KEPALA_PUSKESMAS, facility=puskesmas_lain)
    for actor in (other, dinkes):
        with pytest.raises(PermissionDenied):
            services.add_step(actor=actor, pathway=pathway, phase="promotif", task="Penyuluhan")
