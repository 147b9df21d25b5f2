"""A finished visit made through the flow services, with the staff NIK SATUSEHAT needs."""

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.utils import timezone

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


EXAMPLES = Path(__file__).resolve().parents[4] / "shared" / "reference" / "satusehat-examples" / "satusehat-usecase"


def official(name: str) -> dict:
    """An official SATUSEHAT example resource, read from ../shared at test time (never copied here)."""
    return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))


def paths(value, prefix: str = "") -> set[str]:
    """The element paths of a resource (list items merged): its shape, to compare with an official example."""
    if isinstance(value, dict):
        found = set()
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else key
            found |= {path} | paths(item, path)
        return found
    if isinstance(value, list):
        return set().union(*(paths(item, prefix) for item in value)) if value else set()
    return set()


def with_nik(user, nik: str):
    StaffNik.objects.create(user=user, nik=nik)
    return user


def every_service_visit():
    """One finished visit with every outbound service: a lab order (Hb, urine protein; validated), a prescription of the
    iron-folic tablet (KFA) and paracetamol (no KFA) handed over, a Td dose and an HPV dose, a dental filling.

    Returns the visit and its records by kind.
    """
    from ilp.dental import services as dental
    from ilp.immunization import services as immunization
    from ilp.lab import services as lab
    from ilp.pharmacy import services as pharmacy
    from ilp.visits import services as visits

    dokter = doctor()
    analis = with_nik(staff("analis_lab", username="analis_ss"), "1310014101800017")
    apoteker = with_nik(staff("apoteker", username="apoteker_ss"), "1310014101800025")
    entry = walk_to(dokter, "klaster3", patient=adult(), vitals=VITALS)
    visit = entry.visit
    order = lab.order_from_entry(actor=dokter, entry=entry, tests=["hb", "urin_protein"])
    order = lab.take_specimen(actor=analis, order=order)
    lab.enter_results(actor=analis, order=order, values=_lab_values(order))
    order = lab.validate_order(actor=analis, order=order)
    facility = visit.facility
    for code in ("TTD", "PCT500T"):
        pharmacy.receive_stock(actor=apoteker, facility=facility, drug_code=code, batch_number=f"B-{code}",
                               expiry_date=timezone.localdate() + dt.timedelta(days=400), quantity=100, document="SBBK/01")
    prescription = pharmacy.prescribe(actor=dokter, visit=visit, station_code="klaster3", items=[
        {"drug_code": "TTD", "quantity": 30, "signa": "1 x 1 tablet sehari"}, {"drug_code": "PCT500T", "quantity": 10}])
    pharmacy.dispense_prescription(actor=apoteker, prescription=prescription)
    today = timezone.localdate()
    td = immunization.record_immunization(actor=dokter, patient=visit.patient, vaccine="Td", dose=1, given_on=today,
                                          lot_number="AB0092")
    hpv = immunization.record_immunization(actor=dokter, patient=visit.patient, vaccine="HPV", dose=1, given_on=today)
    filling = dental.record_treatment(actor=dokter, visit=visit, procedure_code="23.2", diagnosis_code="K02.1",
                                      case="baru", tooth=36)
    visit.refresh_from_db()
    visits.close_visit(actor=dokter, visit=visit)
    visit.refresh_from_db()
    return visit, {"order": order, "prescription": prescription, "td": td, "hpv": hpv, "filling": filling}


def _lab_values(order) -> dict[str, str]:
    values = {}
    for result in order.results.all():
        test = result.test
        values[result.test_code] = "12.5" if test.quantitative else test.options[0].code
    return values


def delivered(standin, visit, resource_type: str) -> list[tuple]:
    """(outbox row, the resource as the stand-in holds it, without the id and meta it stamps) for one type of a visit."""
    from ilp.satusehat.models import Delivery

    rows = Delivery.objects.filter(visit=visit, resource_type=resource_type, status=Delivery.Status.ACCEPTED).order_by("id")
    held = standin.state.resources[resource_type]
    return [(row, {k: v for k, v in held[row.server_id].items() if k not in ("id", "meta")}) for row in rows]


def top(resource: dict) -> set[str]:
    return set(resource) - {"id", "meta"}
