"""Investigasi kontak (IK) of an index case (DOMAIN.md §5): list household and close contacts (a patient record
found or registered), screen them, test them, record the doctor's decision (TPT, OAT or neither) and TPT.
The system records tests and decisions; it does not compute eligibility (project decision)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from ilp.accounts.models import Role
from ilp.audit import services as audit
from ilp.indicators import facts
from ilp.people import services as people_services

from ..models import TbCase, TbContact
from .cases import CLINICIANS, DOCTORS, LAB, check_date, register_presumptive, require_role

CONTACT_TRACERS = CLINICIANS | {Role.KADER}  # kader visit households for IK (KMK)

NOT_AN_INDEX = "Investigasi kontak dilakukan untuk kasus TBC paru terkonfirmasi bakteriologis."
SELF_CONTACT = "Pasien indeks tidak dapat menjadi kontaknya sendiri."
ALREADY_LISTED = "%(name)s sudah terdaftar sebagai kontak kasus ini."
PATIENT_OR_PERSON = "Pilih pasien yang sudah terdaftar atau isi data orang baru."
NOT_SCREENED = "Skrining gejala kontak dulu."
ONLY_DOCTOR = "Keputusan TPT/OAT ditetapkan oleh dokter."
TB_NOT_EXCLUDED = "Kontak bergejala: TBC harus disingkirkan (diagnosis 'Bukan TBC') sebelum TPT."
NO_TB_DIAGNOSIS = "OAT untuk kontak memerlukan diagnosis TBC pada kasus terduganya."
NOT_ELIGIBLE = "TPT dimulai untuk kontak yang diputuskan dokter memenuhi syarat TPT."
TPT_ALREADY = "TPT kontak ini sudah dimulai."
ALREADY_DECIDED = "Keputusan untuk kontak ini sudah dicatat."


def _save(contact: TbContact, *, actor, action: str, detail: dict | None = None) -> TbContact:
    contact.save()
    facts.record_tb_contact_facts(contact)
    audit.record(actor=actor, action=action, target=contact, detail=detail or {})
    return contact


@transaction.atomic
def add_contact(*, actor, index_case: TbCase, relation: str, listed_on: dt.date, patient=None,
                new_person: dict | None = None) -> TbContact:
    """List a household or close contact: an existing patient, or a person registered here and now."""
    require_role(actor, CONTACT_TRACERS)
    if not index_case.is_index:
        raise ValidationError(_(NOT_AN_INDEX))
    if (patient is None) == (not new_person):
        raise ValidationError(_(PATIENT_OR_PERSON))
    if patient is None:
        patient = people_services.register_patient(actor=actor, **new_person)
    if patient.pk == index_case.patient_id:
        raise ValidationError(_(SELF_CONTACT))
    check_date("listed_on", listed_on, birth_date=patient.birth_date,
               after=(_("tanggal terduga kasus indeks"), index_case.presumptive_on))
    if index_case.contacts.filter(patient=patient).exists():
        raise ValidationError(_(ALREADY_LISTED) % {"name": patient.name})
    try:
        with transaction.atomic():
            contact = TbContact.objects.create(index_case=index_case, patient=patient, relation=relation, listed_on=listed_on,
                                               listed_by=actor)
    except IntegrityError:
        raise ValidationError(_(ALREADY_LISTED) % {"name": patient.name}) from None
    return _save(contact, actor=actor, action="tb.contact_add", detail={"index_case": index_case.pk})


@transaction.atomic
def screen_contact(*, actor, contact: TbContact, screened_on: dt.date, symptomatic: bool) -> TbContact:
    """Symptom screen of a contact; a symptomatic contact enters the register as terduga (source: kontak)."""
    require_role(actor, CONTACT_TRACERS)
    contact = TbContact.objects.select_for_update(of=("self",)).select_related("patient", "index_case").get(pk=contact.pk)
    check_date("screened_on", screened_on, birth_date=contact.patient.birth_date, after=(_("tanggal didata"), contact.listed_on))
    contact.screened_on, contact.symptomatic = screened_on, symptomatic
    if symptomatic and contact.presumptive_case is None:
        open_case = contact.patient.tb_cases.exclude(stage__in=[TbCase.Stage.BUKAN_TBC, TbCase.Stage.SELESAI]).first()
        contact.presumptive_case = open_case or register_presumptive(
            actor=actor, patient=contact.patient, presumptive_on=screened_on, source=TbCase.Source.KONTAK)
    _save(contact, actor=actor, action="tb.contact_screen", detail={"symptomatic": symptomatic})
    facts.record_tb_case_facts(contact.index_case)  # the first screened contact marks the index "with IK"
    return contact


@transaction.atomic
def record_contact_tests(*, actor, contact: TbContact, tested_on: dt.date, cxr: str, infection_test: str) -> TbContact:
    """Chest X-ray (where available) and TST/IGRA of an asymptomatic contact at the Puskesmas (KMK)."""
    require_role(actor, LAB)
    contact = TbContact.objects.select_for_update(of=("self",)).select_related("patient").get(pk=contact.pk)
    if not contact.screened_on:
        raise ValidationError(_(NOT_SCREENED))
    check_date("tested_on", tested_on, birth_date=contact.patient.birth_date, after=(_("tanggal skrining"), contact.screened_on))
    contact.tested_on, contact.cxr, contact.infection_test = tested_on, cxr, infection_test
    return _save(contact, actor=actor, action="tb.contact_tests", detail={"cxr": cxr, "infection_test": infection_test})


def _check_decision(contact: TbContact, decision: str) -> None:
    case = contact.presumptive_case
    if decision == TbContact.Decision.TPT and case and case.diagnosis != TbCase.Diagnosis.BUKAN_TBC:
        raise ValidationError({"decision": [_(TB_NOT_EXCLUDED)]})
    if decision == TbContact.Decision.OAT and not (case and case.diagnosis in (TbCase.Diagnosis.BAKTERIOLOGIS,
                                                                                 TbCase.Diagnosis.KLINIS)):
        raise ValidationError({"decision": [_(NO_TB_DIAGNOSIS)]})


@transaction.atomic
def decide_contact(*, actor, contact: TbContact, decision: str, decided_on: dt.date, note: str = "") -> TbContact:
    """The doctor's decision for the contact: eligible for TPT, TB to be treated with OAT, or neither."""
    require_role(actor, DOCTORS, ONLY_DOCTOR)
    contact = TbContact.objects.select_for_update(of=("self",)).select_related("patient", "presumptive_case").get(pk=contact.pk)
    if not contact.screened_on:
        raise ValidationError(_(NOT_SCREENED))
    if contact.decision:
        raise ValidationError(_(ALREADY_DECIDED))
    check_date("decided_on", decided_on, birth_date=contact.patient.birth_date, after=(_("tanggal skrining"), contact.screened_on))
    _check_decision(contact, decision)
    contact.decision, contact.decided_on, contact.decided_by, contact.decision_note = decision, decided_on, actor, note.strip()
    return _save(contact, actor=actor, action="tb.contact_decision", detail={"decision": decision})


@transaction.atomic
def start_tpt(*, actor, contact: TbContact, started_on: dt.date, regimen: str) -> TbContact:
    """TPT started for a contact the doctor judged eligible (TPT coverage = started / judged eligible)."""
    require_role(actor, CLINICIANS)
    contact = TbContact.objects.select_for_update(of=("self",)).select_related("patient").get(pk=contact.pk)
    if contact.decision != TbContact.Decision.TPT:
        raise ValidationError(_(NOT_ELIGIBLE))
    if contact.tpt_started_on:
        raise ValidationError(_(TPT_ALREADY))
    check_date("started_on", started_on, birth_date=contact.patient.birth_date, after=(_("tanggal keputusan"), contact.decided_on))
    contact.tpt_started_on, contact.tpt_regimen = started_on, regimen
    return _save(contact, actor=actor, action="tb.tpt_start", detail={"regimen": regimen})
