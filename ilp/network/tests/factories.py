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
