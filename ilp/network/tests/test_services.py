"""Members, agreements and the integration checklist: the rules of seed 001, written through the services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from conftest import make_user
from ilp.accounts.models import Role
from ilp.audit.models import AuditEntry
from ilp.facilities.models import Facility
from ilp.network import selectors, services
from ilp.network.choices import ChecklistStatus, MemberKind, Structure
from ilp.network.models import Agreement, ChecklistItem

D = dt.date


def test_a_klinik_joins_as_jejaring_fktp_and_a_school_by_name(kapus, clinic):
    member = services.add_member(actor=kapus, kind=MemberKind.KLINIK, facility=clinic, joined_on=D(2026, 1, 5))
    school = services.add_member(actor=kapus, kind=MemberKind.SEKOLAH, name="SD Negeri 01 Sitiung", joined_on=D(2026, 1, 5))
    assert (member.structure, member.name, member.puskesmas) == (Structure.FKTP, clinic.name, kapus.facility)
    assert (school.structure, school.facility) == (Structure.SEKOLAH, None)
    assert AuditEntry.objects.filter(action="network.member_add").count() == 2


def test_a_member_kind_must_match_its_facility(kapus, clinic):
    with pytest.raises(ValidationError) as raised:
        services.add_member(actor=kapus, kind=MemberKind.LAB, facility=clinic, joined_on=D(2026, 1, 5))
    assert raised.value.message_dict == {"facility": [services.WRONG_FACILITY_KIND % {"kind": "Laboratorium"}]}


def test_only_our_own_pustu_joins_the_administrative_structure(kapus, puskesmas_lain):
    other_pustu = puskesmas_lain.children.filter(kind=Facility.Kind.PUSTU).first()
    with pytest.raises(ValidationError) as raised:
        services.add_member(actor=kapus, kind=MemberKind.PUSTU, facility=other_pustu, joined_on=D(2026, 1, 5))
    assert raised.value.message_dict == {"facility": [services.NOT_OUR_PUSTU]}


def test_a_facility_joins_once(kapus, clinic):
    services.add_member(actor=kapus, kind=MemberKind.KLINIK, facility=clinic, joined_on=D(2026, 1, 5))
    with pytest.raises(ValidationError) as raised:
        services.add_member(actor=kapus, kind=MemberKind.KLINIK, facility=clinic, joined_on=D(2026, 2, 5))
    assert raised.value.message_dict == {"facility": [services.ALREADY_MEMBER]}


def test_only_the_head_of_the_puskesmas_builds_the_network(bidan, dinkes, clinic):
    for actor in (bidan, dinkes):
        with pytest.raises(PermissionDenied):
            services.add_member(actor=actor, kind=MemberKind.KLINIK, facility=clinic, joined_on=D(2026, 1, 5))


@pytest.fixture
def member(kapus, clinic):
    return services.add_member(actor=kapus, kind=MemberKind.KLINIK, facility=clinic, joined_on=D(2026, 1, 5))


def test_an_agreement_keeps_its_scan_in_the_storage(kapus, member):
    scan = SimpleUploadedFile("mou.pdf", b"%PDF-1.4 MoU", content_type="application/pdf")
    agreement = services.add_agreement(actor=kapus, member=member, kind="mou", number="440/12/PKM-SIT/2026",
                                       parties="Puskesmas Sitiung I; Klinik Pratama Sitiung Medika",
                                       starts_on=D(2026, 1, 1), ends_on=D(2027, 12, 31), file=scan)
    assert agreement.file.name.startswith("jejaring/perjanjian/")
    assert agreement.file.read() == b"%PDF-1.4 MoU"


def test_an_agreement_ending_before_it_starts_is_refused_and_nothing_is_saved(kapus, member, settings):
    scan = SimpleUploadedFile("mou.pdf", b"%PDF", content_type="application/pdf")
    with pytest.raises(ValidationError) as raised:
        services.add_agreement(actor=kapus, member=member, kind="pks", number="1", parties="A; B",
                               starts_on=D(2026, 6, 1), ends_on=D(2026, 5, 31), file=scan)
    assert raised.value.message_dict == {"ends_on": [services.ENDS_BEFORE_START % {"ends": "31-05-2026", "starts": "01-06-2026"}]}
    assert not Agreement.objects.exists()
    assert not AuditEntry.objects.filter(action="network.agreement_add").exists()
    assert not list((settings.MEDIA_ROOT).rglob("*.pdf"))


def test_expiry_alerts_show_the_latest_agreement_expired_or_within_60_days(kapus, member, clinic):
    today = timezone.localdate()
    lab = services.add_member(actor=kapus, kind=MemberKind.APOTEK, name="Apotek Sitiung Farma", joined_on=today)
    school = services.add_member(actor=kapus, kind=MemberKind.SEKOLAH, name="SMP Negeri 1", joined_on=today)
    services.add_agreement(actor=kapus, member=member, kind="mou", number="old", parties="A; B",
                           starts_on=today - dt.timedelta(days=800), ends_on=today - dt.timedelta(days=10))
    renewed = services.add_agreement(actor=kapus, member=member, kind="mou", number="new", parties="A; B",
                                     starts_on=today, ends_on=today + dt.timedelta(days=60))
    expired = services.add_agreement(actor=kapus, member=lab, kind="pks", number="x", parties="A; B",
                                     starts_on=today - dt.timedelta(days=400), ends_on=today - dt.timedelta(days=1))
    services.add_agreement(actor=kapus, member=school, kind="sk", number="y", parties="A; B",
                           starts_on=today, ends_on=today + dt.timedelta(days=61))
    alerts = selectors.agreement_alerts(user=kapus)
    assert alerts == [expired, renewed]
    assert [a.status for a in alerts] == ["kedaluwarsa", "segera berakhir"]


def test_the_checklist_records_one_status_per_area_of_a_pustu(kapus, desa):
    pustu = Facility.objects.get(kind=Facility.Kind.PUSTU, region=desa)
    services.set_checklist_item(actor=kapus, facility=pustu, area="kader", status=ChecklistStatus.PROSES)
    item = services.set_checklist_item(actor=kapus, facility=pustu, area="kader", status=ChecklistStatus.TERPENUHI,
                                       note="SK kader dari Pemdes")
    assert ChecklistItem.objects.filter(facility=pustu).count() == 1
    assert (item.status, item.note) == ("terpenuhi", "SK kader dari Pemdes")
    rows = dict(selectors.checklist(user=kapus))
    assert rows[pustu][2] == item and rows[pustu][0] is None  # areas in seed order: sumber daya, kompetensi, kader, ...


def test_the_checklist_is_for_pustu_and_posyandu_only(kapus, clinic):
    with pytest.raises(ValidationError):
        services.set_checklist_item(actor=kapus, facility=clinic, area="sop", status="proses")


def test_another_puskesmas_head_sees_none_of_our_network(kapus, member, puskesmas_lain):
    other = make_user("kapus.lain", Role.KEPALA_PUSKESMAS, facility=puskesmas_lain)
    assert not selectors.member_list(user=other).exists()
    assert list(selectors.member_list(user=kapus)) == [member]


def test_the_dinkes_sees_the_network_of_its_kabupaten(dinkes, member):
    assert list(selectors.member_list(user=dinkes)) == [member]


def test_facility_staff_do_not_open_the_network(bidan):
    with pytest.raises(PermissionDenied):
        selectors.member_list(user=bidan)


def test_lokakarya_mini_attendance_is_read_from_the_management_sheet(kapus, member, clinic):
    from ilp.management.services import hold_workshop

    school = services.add_member(actor=kapus, kind=MemberKind.SEKOLAH, name="SD Negeri 01 Sitiung", joined_on=D(2026, 1, 5))
    today = timezone.localdate()
    for days, attendees in [(10, [{"name": "dr. Rahmi", "institution": clinic.name, "member_facility": clinic},
                                  {"name": "Ibu Yeni", "institution": "sd negeri 01 sitiung"}]),
                            (40, [{"name": "dr. Rahmi", "institution": "Klinik", "member_facility": clinic}]),
                            (400, [{"name": "dr. Rahmi", "institution": "Klinik", "member_facility": clinic}])]:
        hold_workshop(actor=kapus, held_on=today - dt.timedelta(days=days), kind="tribulanan", place="Aula",
                      issues="Cakupan HT", attendees=attendees)
    attendance = selectors.workshop_attendance(members=[member, school], since=today - dt.timedelta(days=365))
    assert attendance == {member.pk: (2, 2), school.pk: (1, 2)}
