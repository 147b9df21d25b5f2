"""A finished visit made through the flow services, with the staff NIK SATUSEHAT needs."""

from decimal import Decimal

from ilp.satusehat.models import StaffNik
from ilp.visits.models import Payer
from ilp.visits.tests.factories import adult, arrive, go_home, staff, walk_to

VITALS = {"sbp": Decimal("128"), "dbp": Decimal("82"), "heart_rate": Decimal("76"), "temperature": Decimal("36.5"),
          "weight": Decimal("61.5"), "height": Decimal("158.0")}
DOCTOR_NIK = "1310014101800009"


def doctor():
    user = staff("dokter", username="dokter_ss")
    user.first_name, user.last_name = "Rina", "Sari"
    user.save(update_fields=["first_name", "last_name"])
    StaffNik.objects.create(user=user, nik=DOCTOR_NIK)
    return user


def finished_visit(*, actor=None, patient=None, vitals=None, room="klaster3", facility=None):
    """Kiosk → Pandu PTM (vitals) → loket → skrining → klaster room (3 for adults, 2 for children) → home, served by a doctor with a NIK."""
    actor, patient = actor or doctor(), patient or adult()
    payer = Payer.BPJS if patient.bpjs_number else Payer.UMUM
    visit = arrive(actor, facility=facility) if facility else None
    entry = walk_to(actor, room, patient=patient, payer=payer, vitals=vitals or VITALS, visit=visit)
    return go_home(actor, entry, via_pharmacy=False)
