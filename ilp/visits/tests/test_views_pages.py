"""The flow's record pages (visit, letter, receipt, Pustu inbox, compliance) and who may open them."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from ilp.accounts.models import Role
from ilp.audit.models import AuditEntry
from ilp.facilities.models import Facility
from ilp.visits import services
from ilp.visits.models import Visit
from ilp.visits.services.referral import FOLLOW_UP_DONE

from .factories import adult, arrive, entry_at, go_home, pass_station, serve, staff, walk_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(client, pendaftaran):
    client.force_login(pendaftaran)
    return client


@pytest.fixture
def pustu(desa) -> Facility:
    return Facility.objects.get(kind=Facility.Kind.PUSTU, wilayah=desa)


@pytest.fixture
def walked(pendaftaran) -> dict:
    """Siti Aminah's visit of ours: paid at the kasir, referred to the lab and back, to the RSUD, Pustu notified, home."""
    entry = walk_to(pendaftaran, "klaster3", patient=adult(name="Siti Aminah", bpjs_number=None), payer="umum")
    visit = entry.visit
    services.refer_internally(actor=pendaftaran, entry=entry, to_code="lab", reason="Cek gula darah")
    pass_station(pendaftaran, visit, "lab", send_to="kembali", note="GDP 142 mg/dL")
    back = serve(pendaftaran, visit, "klaster3")
    letter = services.refer_externally(actor=pendaftaran, entry=back, hospital=Facility.objects.get(kind=Facility.Kind.FKRTL),
                                       reason="Curiga retinopati diabetik", diagnosis="E11.3")
    follow_up = services.notify_pustu(actor=pendaftaran, visit=visit, reason="Pantau gula darah bulanan")
    go_home(pendaftaran, back)
    return {"visit": visit, "letter": letter, "follow_up": follow_up, "entry": visit.entries.filter(station__code="klaster3").first()}


# The visit's record


def test_the_visit_list_shows_todays_visits(clerk, walked, pendaftaran, django_assert_max_num_queries):
    for _ in range(10):
        arrive(pendaftaran)
    with django_assert_max_num_queries(6):
        response = clerk.get(reverse("visits:visit_list"))
    assert len(response.context["visits"]) == 11
    assertContains(response, "Siti Aminah")


def test_the_visit_page_shows_the_timeline(clerk, walked):
    response = clerk.get(walked["visit"].get_absolute_url())
    stations = [e.station.code for e in response.context["visit"].entries.all()]
    assert stations == ["pandu_ptm", "pendaftaran", "kasir", "skrining_k3", "klaster3", "lab", "klaster3", "farmasi"]
    assertContains(response, 'data-testid="timeline"')
    assertContains(response, "Laboratorium")
    assertContains(response, "Jawaban: GDP 142 mg/dL")
    assertContains(response, walked["letter"].letter_number)


def test_the_visit_page_shows_the_daftar_tilik(clerk, walked):
    response = clerk.get(walked["visit"].get_absolute_url())
    answers = {t.number: t.answer for t in response.context["tilik"]}
    assert (answers[2], answers[4], answers[11], answers[12], answers[15]) == ("tb", "ya", "ya", "ya", "ya")
    assertContains(response, 'data-testid="tilik"')
    assertContains(response, "Kasus gawat darurat diarahkan langsung ke UGD")


def test_opening_a_registered_visit_is_audited_as_a_read(clerk, walked, pendaftaran):
    clerk.get(walked["visit"].get_absolute_url())
    read = AuditEntry.objects.filter(actor=pendaftaran, target_type="visits.Visit", target_id=str(walked["visit"].pk))
    assert read.exclude(action__in=["visit.register", "visit.step", "referral.internal", "referral.external",
                                    "payment.create", "observation.create"]).count() == 1


def test_the_referral_letter_prints_the_patient_hospital_and_measurements(clerk, walked):
    letter = walked["letter"]
    response = clerk.get(reverse("visits:referral_letter", args=[walked["visit"].pk, letter.pk]))
    assertContains(response, 'data-testid="referral-letter"')
    assertContains(response, f"Nomor: {letter.letter_number}")
    assertContains(response, letter.to_facility.name)
    assertContains(response, "Siti Aminah")
    assertContains(response, "E11.3")
    assertContains(response, "Tekanan darah sistolik 128 mmHg")


def test_an_internal_referral_has_no_letter(clerk, walked):
    internal = walked["visit"].referrals.get(kind="internal")
    assert clerk.get(reverse("visits:referral_letter", args=[walked["visit"].pk, internal.pk])).status_code == 404


def test_the_receipt_prints_the_items_and_total(clerk, walked):
    payment = walked["visit"].payments.get()
    response = clerk.get(reverse("visits:receipt", args=[walked["visit"].pk]))
    assertContains(response, 'data-testid="receipt"')
    assertContains(response, payment.receipt_number)
    assertContains(response, "Karcis rawat jalan")
    assertContains(response, f"Rp {payment.total}")


def test_a_visit_paid_by_bpjs_has_no_receipt(clerk, pendaftaran):
    visit = go_home(pendaftaran, walk_to(pendaftaran, "klaster3"))
    assert clerk.get(reverse("visits:receipt", args=[visit.pk])).status_code == 404


# Pustu inbox


def test_the_pustu_inbox_lists_the_follow_up(client, walked, pustu):
    client.force_login(staff(Role.BIDAN, facility=pustu))
    response = client.get(reverse("visits:follow_up_list"))
    assert list(response.context["follow_ups"]) == [walked["follow_up"]]
    assertContains(response, "Pantau gula darah bulanan")
    assertContains(response, "Tandai selesai")


def test_the_pustu_marks_the_follow_up_done_once(client, walked, pustu):
    client.force_login(staff(Role.BIDAN, facility=pustu))
    url = reverse("visits:follow_up_done", args=[walked["follow_up"].pk])
    first = client.post(url, {"note": "Kunjungan rumah, GDS 130"}, follow=True)  # the inbox shows the message
    assertContains(first, "Tindak lanjut ditandai selesai.")
    second = client.post(url, {"note": "lagi"})
    assert [(m.level_tag, m.message) for m in get_messages(second.wsgi_request)] == [("error", FOLLOW_UP_DONE)]
    walked["follow_up"].refresh_from_db()
    assert walked["follow_up"].done_note == "Kunjungan rumah, GDS 130"
    done = client.get(reverse("visits:follow_up_list"), {"status": "done"})
    assertContains(done, "Kunjungan rumah, GDS 130")
    assertNotContains(client.get(reverse("visits:follow_up_list")), "Pantau gula darah bulanan")


def test_another_pustu_does_not_see_the_follow_up(client, walked, puskesmas, pustu):
    other = Facility.objects.filter(kind=Facility.Kind.PUSTU, parent=puskesmas).exclude(pk=pustu.pk).first()
    client.force_login(staff(Role.BIDAN, facility=other))
    assertNotContains(client.get(reverse("visits:follow_up_list")), "Pantau gula darah bulanan")
    assert client.post(reverse("visits:follow_up_done", args=[walked["follow_up"].pk])).status_code == 404


# Compliance page


def test_the_compliance_page_shows_the_tilik_and_station_times(client, kapus, walked):
    client.force_login(kapus)
    response = client.get(reverse("visits:compliance"))
    assert response.context["result"]["visits"] == 1
    assertContains(response, 'data-testid="compliance"')
    assertContains(response, 'data-testid="station-times"')
    assertContains(response, "Pandu PTM")


def test_the_compliance_page_takes_a_month(client, kapus, walked):
    client.force_login(kapus)
    response = client.get(reverse("visits:compliance"), {"bulan": "2023-01"})
    assert (response.context["month"], response.context["result"]["visits"]) == ("2023-01", 0)
    assertContains(response, "Belum ada data.")


def test_a_malformed_month_falls_back_to_this_month(client, kapus, walked):
    client.force_login(kapus)
    response = client.get(reverse("visits:compliance"), {"bulan": "2024-13"})
    assert response.context["result"]["visits"] == 1


# Who may open what


def urls_of(walked) -> dict[str, str]:
    visit = walked["visit"]
    return {
        "ticket": reverse("visits:ticket", args=[visit.pk]),
        "visit": visit.get_absolute_url(),
        "letter": reverse("visits:referral_letter", args=[visit.pk, walked["letter"].pk]),
        "receipt": reverse("visits:receipt", args=[visit.pk]),
        "entry": f"{reverse('visits:worklist', args=['klaster3'])}?entry={walked['entry'].pk}",
    }


FLOW_PAGES = ["visits:kiosk", "visits:station_list", "visits:visit_list", "visits:compliance"]


@pytest.mark.parametrize("page", ["ticket", "visit", "letter", "receipt", "entry"])
def test_another_puskesmas_gets_404_on_our_visits(client, petugas_lain, walked, page):
    client.force_login(petugas_lain)
    assert client.get(urls_of(walked)[page]).status_code == 404


@pytest.mark.parametrize("action", ["panggil", "mulai", "selesai", "lewati", "rujuk"])
def test_another_puskesmas_gets_404_acting_on_our_entries(client, petugas_lain, pendaftaran, action):
    entry = entry_at(arrive(pendaftaran), "pandu_ptm")
    client.force_login(petugas_lain)
    response = client.post(reverse("visits:entry_action", args=["pandu_ptm", entry.pk, action]), {"send_to": "pendaftaran"})
    assert response.status_code == 404
    assert entry_at(entry.visit, "pandu_ptm").status == "waiting"


def test_another_puskesmas_sees_its_own_empty_queue_not_ours(client, petugas_lain, pendaftaran):
    arrive(pendaftaran)
    client.force_login(petugas_lain)
    response = client.get(reverse("visits:worklist", args=["pandu_ptm"]))
    assert list(response.context["entries"]) == []


@pytest.mark.parametrize("persona", ["dinkes", "kader"])
@pytest.mark.parametrize("name", FLOW_PAGES + ["worklist", "visit", "call_next", "entry_action"])
def test_dinkes_and_kader_get_403_on_flow_pages(client, request, walked, persona, name):
    client.force_login(request.getfixturevalue(persona))
    visit, entry = walked["visit"], walked["entry"]
    if name == "worklist":
        response = client.get(reverse("visits:worklist", args=["klaster3"]))
    elif name == "visit":
        response = client.get(visit.get_absolute_url())
    elif name == "call_next":
        response = client.post(reverse("visits:call_next", args=["pandu_ptm"]))
    elif name == "entry_action":
        response = client.post(reverse("visits:entry_action", args=["klaster3", entry.pk, "panggil"]))
    else:
        response = client.get(reverse(name))
    assert response.status_code == 403


def test_dinkes_gets_403_on_the_follow_up_inbox(client, dinkes):
    client.force_login(dinkes)
    assert client.get(reverse("visits:follow_up_list")).status_code == 403


def test_a_kiosk_post_by_a_kader_opens_no_visit(client, kader):
    client.force_login(kader)
    assert client.post(reverse("visits:kiosk"), {"emergency": "0"}).status_code == 403
    assert not Visit.objects.exists()
