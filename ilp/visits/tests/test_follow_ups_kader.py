"""A kader's tindak lanjut inbox: the follow-ups of the people of her Posyandu area, though they are addressed
to the Pustu of the desa (she does the home visits); nobody else's."""

from ilp.people.tests.factories import PatientFactory
from ilp.visits import selectors
from ilp.visits.services import create_follow_up


def test_a_kader_sees_the_follow_ups_of_her_posyandu_area(bidan, kader, posyandu):
    neighbour = PatientFactory(desa=posyandu.wilayah.get())
    follow_up = create_follow_up(actor=bidan, patient=neighbour, reason="Kontrol tekanan darah")
    assert follow_up.pustu != posyandu
    assert list(selectors.follow_up_list(user=kader)) == [follow_up]


def test_a_kader_does_not_see_follow_ups_outside_her_area(bidan, kader, posyandu, puskesmas):
    elsewhere = puskesmas.wilayah.exclude(pk=posyandu.wilayah.get().pk).order_by("code").first()
    create_follow_up(actor=bidan, patient=PatientFactory(desa=elsewhere), reason="Kontrol tekanan darah")
    assert list(selectors.follow_up_list(user=kader)) == []
