"""Network test helpers: a partner klinik pratama inside Sitiung I's wilayah, its doctor, HT control records."""

import datetime as dt
from decimal import Decimal

from conftest import make_user
from ilp.accounts.models import Role
from ilp.facilities.models import Facility
from ilp.packages.services import record_package

D = dt.date


def klinik(puskesmas) -> Facility:
    """A klinik pratama serving the Puskesmas' desa (its patients are the wilayah's patients)."""
    clinic = Facility.objects.create(code="KUJI0001", name="Klinik Pratama Sitiung Medika", kind=Facility.Kind.KLINIK,
                                     region=puskesmas.wilayah.order_by("code").first())
    clinic.wilayah.set(puskesmas.wilayah.all())
    return clinic


def klinik_dokter(clinic):
    """The klinik's doctor: an existing facility-scoped role (dokter) whose facility is the klinik."""
    return make_user("dokter.klinik", Role.DOKTER, facility=clinic)


def ht_control(actor, patient, on: dt.date, sbp: int, dbp: int):
    """A standard hypertension control visit (ptm_kontrol), measured, educated and treated."""
    return record_package(actor=actor, patient=patient, package_id="ptm_kontrol", service_date=on,
                          values={"diagnosis": "HT", "place": "puskesmas", "sbp": Decimal(sbp), "dbp": Decimal(dbp),
                                  "education": True, "therapy": "farmakologi", "adherence": "teratur"})


def network_matrix_objects(*, puskesmas, desa, by) -> dict:
    """One object of each network kind for the permission matrix (written directly: `by` is not the head)."""
    from django.core.files.base import ContentFile

    from ilp.network.models import Agreement, NetworkMember, Pathway, Task, TeamMember

    clinic = klinik(puskesmas)
    member = NetworkMember.objects.create(puskesmas=puskesmas, kind="klinik", structure="fktp", facility=clinic,
                                          name=clinic.name, joined_on=D(2026, 1, 5), created_by=by)
    agreement = Agreement(member=member, kind="mou", number="1/MoU/2026", parties="Puskesmas; Klinik",
                          starts_on=D(2026, 1, 1), ends_on=D(2027, 12, 31), created_by=by)
    agreement.file.save("mou.pdf", ContentFile(b"%PDF-1.4"), save=True)
    pathway = Pathway.objects.create(puskesmas=puskesmas, problem="Hipertensi", indicator_code="ht_terkendali",
                                     baseline_year=2026, baseline_month=1, created_by=by)
    pathway.members.set([member])
    task = Task.objects.create(pathway=pathway, description="Lapor bulanan",
                               assignee=TeamMember.objects.create(pathway=pathway, name="dr. A", profession="dokter"))
    pustu = Facility.objects.get(kind=Facility.Kind.PUSTU, region=desa)
    return {"nw_member": member, "nw_agreement": agreement, "nw_pathway": pathway, "nw_task": task, "nw_pustu": pustu}
