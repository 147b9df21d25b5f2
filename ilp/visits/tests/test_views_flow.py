"""The flow's working pages through the client, posted as staff would: kiosk, worklists, entry actions, board."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from ilp.accounts.models import Role
from ilp.clinical.models import Observation
from ilp.facilities.models import Facility
from ilp.people.tests.factories import PatientFactory
from ilp.visits.models import FollowUp, Payment, Priority, QueueEntry, Referral, Visit
from ilp.visits.services.queue import ALREADY_CALLED, NO_ONE_WAITING, NOT_IN_SERVICE

from .factories import adult, arrive, entry_at, measure, serve, staff, trail, walk_to

pytestmark = pytest.mark.django_db
WAITING, CALLED, IN_SERVICE, DONE = (QueueEntry.Status.WAITING, QueueEntry.Status.CALLED, QueueEntry.Status.IN_SERVICE,
                                     QueueEntry.Status.DONE)


@pytest.fixture
def clerk(client, pendaftaran):
    client.force_login(pendaftaran)
    return client


def flashed(response) -> list[tuple[str, str]]:
    """The messages the next page will show: (level, text)."""
    return [(m.level_tag, m.message) for m in get_messages(response.wsgi_request)]


def act(client, entry, action: str, data: dict | None = None, code: str | None = None, **options):
    return client.post(reverse("visits:entry_action", args=[code or entry.station.code, entry.pk, action]), data or {},
                       **options)


def worklist_url(code: str, entry=None) -> str:
    url = reverse("visits:worklist", args=[code])
    return f"{url}?entry={entry.pk}" if entry else url


# Kiosk and ticket


def test_the_kiosk_offers_a_regular_and_an_emergency_button(clerk):
    response = clerk.get(reverse("visits:kiosk"))
    assertContains(response, 'data-testid="kiosk-regular"')
    assertContains(response, 'data-testid="kiosk-emergency"')


def test_kiosk_post_prints_a_ticket_for_pandu_ptm(clerk):
    response = clerk.post(reverse("visits:kiosk"), {"emergency": "0"}, follow=True)
    visit = Visit.objects.get()
    assertRedirects(response, reverse("visits:ticket", args=[visit.pk]))
    assertContains(response, '<div class="display-1 fw-bold my-2" data-testid="ticket-number">A001</div>', html=False)
    assertContains(response, "Silakan menuju <strong>Pandu PTM</strong>")


def test_kiosk_emergency_button_prints_a_u_ticket_for_ugd(clerk):
    response = clerk.post(reverse("visits:kiosk"), {"emergency": "1"}, follow=True)
    assertContains(response, "U001")
    assertContains(response, "UGD (Lintas Klaster)")
    assert Visit.objects.get().emergency


def test_kiosk_priority_box_puts_the_patient_ahead(clerk):
    clerk.post(reverse("visits:kiosk"), {"emergency": "0", "priority": "on"})
    assert Visit.objects.get().priority == Priority.PRIORITY


# Worklists


def test_the_station_list_links_every_station(clerk):
    response = clerk.get(reverse("visits:station_list"))
    for code in ("pandu_ptm", "pendaftaran", "kasir", "skrining_k3", "klaster3", "lab", "farmasi", "ugd"):
        assertContains(response, f'data-testid="station-{code}"')


def test_the_loket_worklist_shows_who_waits_in_calling_order(clerk, pendaftaran):
    for _ in range(2):
        measure(pendaftaran, arrive(pendaftaran))
    response = clerk.get(worklist_url("pendaftaran"))
    assert [e.visit.number for e in response.context["entries"]] == ["A001", "A002"]
    assertContains(response, 'data-testid="entry-A001"')
    assertContains(response, "(belum terdaftar)", count=2)


def test_a_worklist_only_lists_its_own_station(clerk, pendaftaran):
    arrive(pendaftaran)
    response = clerk.get(worklist_url("pendaftaran"))
    assertContains(response, "Tidak ada pasien menunggu.")


def test_an_unknown_station_is_404(clerk):
    assert clerk.get(worklist_url("radiologi")).status_code == 404


def test_the_worklist_poll_returns_the_rows_only(clerk, pendaftaran):
    arrive(pendaftaran)
    response = clerk.get(worklist_url("pandu_ptm"), {"poll": "1"}, HTTP_HX_REQUEST="true")
    assertContains(response, 'data-testid="entry-A001"')
    assertNotContains(response, "<html")


def test_the_worklist_of_twenty_patients_takes_a_fixed_number_of_queries(clerk, pendaftaran, django_assert_max_num_queries):
    for _ in range(20):
        arrive(pendaftaran)
    clerk.get(worklist_url("pandu_ptm"))  # the stations exist from here on
    with django_assert_max_num_queries(8):
        response = clerk.get(worklist_url("pandu_ptm"))
    assert len(response.context["entries"]) == 20


# Calling and starting


def test_call_next_calls_the_first_number_and_opens_it(clerk, pendaftaran):
    visit = arrive(pendaftaran)
    response = clerk.post(reverse("visits:call_next", args=["pandu_ptm"]))
    entry = entry_at(visit, "pandu_ptm")
    assertRedirects(response, worklist_url("pandu_ptm", entry))
    assert (entry.status, entry.called_by) == (CALLED, response.wsgi_request.user)


def test_call_next_with_nobody_waiting_says_so(clerk):
    response = clerk.post(reverse("visits:call_next", args=["pandu_ptm"]))
    assertRedirects(response, worklist_url("pandu_ptm"))
    assert flashed(response) == [("warning", NO_ONE_WAITING % {"station": "Pandu PTM"})]


def test_two_clerks_pressing_call_next_with_one_waiting_call_it_once(client, pendaftaran):
    visit = arrive(pendaftaran)
    other = staff(Role.PERAWAT)
    client.force_login(other)
    client.post(reverse("visits:call_next", args=["pandu_ptm"]))
    client.force_login(pendaftaran)
    response = client.post(reverse("visits:call_next", args=["pandu_ptm"]))
    assert flashed(response) == [("warning", NO_ONE_WAITING % {"station": "Pandu PTM"})]
    assert entry_at(visit, "pandu_ptm").called_by == other


def test_panggil_calls_this_number(clerk, pendaftaran):
    visit = arrive(pendaftaran)
    entry = entry_at(visit, "pandu_ptm")
    response = act(clerk, entry, "panggil")
    assertRedirects(response, worklist_url("pandu_ptm", entry))
    assert entry_at(visit, "pandu_ptm").status == CALLED


def test_panggil_on_a_number_already_called_says_so(clerk, pendaftaran):
    visit = arrive(pendaftaran)
    entry = entry_at(visit, "pandu_ptm")
    act(clerk, entry, "panggil")
    response = act(clerk, entry, "panggil")
    assertRedirects(response, worklist_url("pandu_ptm", entry))
    assert flashed(response) == [("error", ALREADY_CALLED % {"number": "A001"})]


def test_mulai_opens_the_pandu_ptm_form(clerk, pendaftaran):
    visit = arrive(pendaftaran)
    entry = entry_at(visit, "pandu_ptm")
    act(clerk, entry, "panggil")
    response = act(clerk, entry, "mulai")
    assertRedirects(response, worklist_url("pandu_ptm", entry))
    page = clerk.get(worklist_url("pandu_ptm", entry))
    assertContains(page, 'data-testid="vitals-form"')
    assertContains(page, 'data-testid="finish-form"')


# Pandu PTM, loket, kasir


def test_vital_stores_the_measurements_and_says_what_is_next(clerk, pendaftaran):
    entry = serve(pendaftaran, arrive(pendaftaran), "pandu_ptm")
    response = act(clerk, entry, "vital", {"sbp": "130", "dbp": "85", "weight": "58.5", "height": "152"})
    assertRedirects(response, worklist_url("pandu_ptm", entry))
    assert flashed(response) == [("success", "Hasil pengukuran tersimpan; lanjutkan ke pendaftaran.")]
    assert entry.visit.observations.count() == 4


def test_vital_beyond_the_limits_shows_the_message_and_stores_nothing(clerk, pendaftaran):
    entry = serve(pendaftaran, arrive(pendaftaran), "pandu_ptm")
    response = act(clerk, entry, "vital", {"sbp": "400", "dbp": "85"})
    assert flashed(response) == [("error", "Tekanan darah sistolik 400 mm[Hg] di luar batas yang mungkin (50–300).")]
    assert not Observation.objects.exists()


def test_selesai_sends_the_patient_on(clerk, pendaftaran):
    entry = serve(pendaftaran, arrive(pendaftaran), "pandu_ptm")
    response = act(clerk, entry, "selesai", {"send_to": "pendaftaran"})
    assertRedirects(response, worklist_url("pandu_ptm"))
    assert flashed(response) == [("success", "Nomor A001 selesai di sini.")]
    assert trail(entry.visit) == [("pandu_ptm", DONE), ("pendaftaran", WAITING)]


def test_selesai_posted_twice_from_two_tabs_moves_the_patient_once(clerk, pendaftaran):
    entry = serve(pendaftaran, arrive(pendaftaran), "pandu_ptm")
    act(clerk, entry, "selesai", {"send_to": "pendaftaran"}, follow=True)  # the first tab shows its message
    response = act(clerk, entry, "selesai", {"send_to": "pendaftaran"})
    [(level, text)] = flashed(response)
    assert level == "error" and "A001" in text
    assert trail(entry.visit) == [("pandu_ptm", DONE), ("pendaftaran", WAITING)]


def test_selesai_before_the_patient_is_served_is_refused(clerk, pendaftaran):
    entry = entry_at(arrive(pendaftaran), "pandu_ptm")
    response = act(clerk, entry, "selesai", {"send_to": "pendaftaran"})
    assert flashed(response) == [("error", NOT_IN_SERVICE % {"number": "A001"})]
    assert trail(entry.visit) == [("pandu_ptm", WAITING)]


def test_selesai_to_a_station_not_allowed_from_here_is_refused(clerk, pendaftaran):
    entry = serve(pendaftaran, arrive(pendaftaran), "pandu_ptm")
    response = act(clerk, entry, "selesai", {"send_to": "farmasi"})
    assertRedirects(response, worklist_url("pandu_ptm", entry))
    [(level, text)] = flashed(response)
    assert level == "error" and "farmasi" in text
    assert trail(entry.visit) == [("pandu_ptm", IN_SERVICE)]


def test_lewati_skips_a_called_patient_with_the_reason(clerk, pendaftaran):
    visit = arrive(pendaftaran)
    entry = entry_at(visit, "pandu_ptm")
    act(clerk, entry, "panggil")
    response = act(clerk, entry, "lewati", {"reason": "Dipanggil 3 kali, tidak hadir"})
    assertRedirects(response, worklist_url("pandu_ptm"))
    assert flashed(response) == [("success", "Nomor A001 dilewati.")]
    assert trail(visit) == [("pandu_ptm", QueueEntry.Status.SKIPPED)]


def test_the_loket_panel_finds_the_patient_by_name(clerk, pendaftaran):
    entry = walk_to(pendaftaran, "pendaftaran")
    adult(name="Siti Aminah")
    adult(name="Budi Hartono", sex="M")
    response = clerk.get(reverse("visits:worklist", args=["pendaftaran"]), {"entry": entry.pk, "q": "aminah"})
    assert [p.name for p in response.context["candidates"]] == ["Siti Aminah"]
    assertContains(response, 'data-testid="register-visit-form"')


def test_daftar_registers_the_visit_and_says_where_it_goes(clerk, pendaftaran):
    entry = walk_to(pendaftaran, "pendaftaran")
    patient = adult(name="Siti Aminah")
    response = act(clerk, entry, "daftar", {"patient_id": patient.pk, "payer": "bpjs"})
    assertRedirects(response, worklist_url("pendaftaran"))
    assert flashed(response) == [("success", "Siti Aminah terdaftar ke Klaster 3 Usia Dewasa dan Lansia (dewasa dan lansia). "
                                             "Cara bayar: BPJS Kesehatan; BPJS: aktif.")]
    assert trail(entry.visit)[-1] == ("skrining_k3", WAITING)


def test_daftar_without_choosing_a_patient_asks_for_one(clerk, pendaftaran):
    entry = walk_to(pendaftaran, "pendaftaran")
    response = act(clerk, entry, "daftar", {"payer": "bpjs"})
    assert flashed(response) == [("error", "Pilih pasien dari hasil pencarian.")]
    assert trail(entry.visit)[-1] == ("pendaftaran", IN_SERVICE)


def test_daftar_with_a_patient_outside_our_wilayah_is_404(clerk, pendaftaran, desa_lain):
    entry = walk_to(pendaftaran, "pendaftaran")
    stranger = PatientFactory(desa=desa_lain)
    response = act(clerk, entry, "daftar", {"patient_id": stranger.pk, "payer": "umum"})
    assert response.status_code == 404
    assert Visit.objects.get(pk=entry.visit_id).patient is None


def test_bayar_takes_the_retribution_and_names_the_receipt(clerk, pendaftaran):
    entry = walk_to(pendaftaran, "kasir", payer="umum")
    response = act(clerk, entry, "bayar", {"items": ["karcis"]})
    payment = Payment.objects.get()
    assertRedirects(response, worklist_url("kasir"))
    assert flashed(response) == [("success", f"Retribusi Rp 10.000 diterima, kuitansi {payment.receipt_number}.")]
    assert trail(entry.visit)[-1] == ("skrining_k3", WAITING)


# Klaster room


def test_rujuk_sends_the_patient_to_the_lab(clerk, pendaftaran):
    entry = walk_to(pendaftaran, "klaster3")
    response = act(clerk, entry, "rujuk", {"to_code": "lab", "reason": "Cek gula darah", "return_requested": "on"})
    assertRedirects(response, worklist_url("klaster3"))
    assert flashed(response) == [("success", "Rujukan internal terkirim.")]
    assert trail(entry.visit)[-1] == ("lab", WAITING)
    assert Referral.objects.get().return_requested


def test_rujuk_without_a_reason_is_refused(clerk, pendaftaran):
    entry = walk_to(pendaftaran, "klaster3")
    response = act(clerk, entry, "rujuk", {"to_code": "lab", "reason": ""})
    [(level, _)] = flashed(response)
    assert level == "error"
    assert not Referral.objects.exists()


def test_rujuk_rs_makes_a_referral_letter(clerk, pendaftaran):
    entry = walk_to(pendaftaran, "klaster3")
    rsud = Facility.objects.get(kind=Facility.Kind.FKRTL)
    response = act(clerk, entry, "rujuk-rs", {"hospital": rsud.pk, "reason": "Curiga katarak", "diagnosis": "H25.9"})
    assertRedirects(response, worklist_url("klaster3", entry))
    assert flashed(response) == [("success", f"Surat rujukan {Referral.objects.get().letter_number} dibuat.")]


def test_tindak_lanjut_notifies_the_pustu(clerk, pendaftaran, desa):
    entry = walk_to(pendaftaran, "klaster3")
    response = act(clerk, entry, "tindak-lanjut", {"reason": "Kontrol tekanan darah di rumah"})
    pustu = Facility.objects.get(kind=Facility.Kind.PUSTU, wilayah=desa)
    assert flashed(response) == [("success", f"Notifikasi tindak lanjut dikirim ke {pustu.name}.")]
    assert FollowUp.objects.get().pustu == pustu


def test_an_unknown_action_is_refused(clerk, pendaftaran):
    entry = entry_at(arrive(pendaftaran), "pandu_ptm")
    response = act(clerk, entry, "hapus")
    assert flashed(response) == [("error", "Aksi tidak dikenal.")]


def test_entry_actions_are_post_only(clerk, pendaftaran):
    entry = entry_at(arrive(pendaftaran), "pandu_ptm")
    assert clerk.get(reverse("visits:entry_action", args=["pandu_ptm", entry.pk, "panggil"])).status_code == 405
    assert entry_at(entry.visit, "pandu_ptm").status == WAITING


# Display board


def test_the_display_board_works_without_login_and_shows_numbers_not_names(client, pendaftaran, puskesmas):
    entry = walk_to(pendaftaran, "klaster3", patient=adult(name="Siti Aminah"))
    arrive(pendaftaran)
    response = client.get(reverse("visits:display_board", args=[puskesmas.pk]))
    assert response.status_code == 200
    called = response.context["called"]
    assert [(e.visit.number, e.station.code) for e in called][0] == (entry.visit.number, "klaster3")
    assertContains(response, 'data-testid="board-called"')
    assertContains(response, "Ruang Klaster 3 (Dewasa dan Lansia)")
    assertNotContains(response, "Siti Aminah")
    assertNotContains(response, "Aminah")
    assertContains(response, "Menunggu")


def test_the_display_board_poll_returns_the_board_only(client, pendaftaran, puskesmas):
    serve(pendaftaran, arrive(pendaftaran), "pandu_ptm")
    response = client.get(reverse("visits:display_board", args=[puskesmas.pk]), HTTP_HX_REQUEST="true")
    assertContains(response, '<div class="board-number">A001</div>', html=False)
    assertNotContains(response, "<html")


def test_the_display_board_exists_for_a_puskesmas_only(client, posyandu):
    assert client.get(reverse("visits:display_board", args=[posyandu.pk])).status_code == 404
