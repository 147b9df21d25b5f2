"""Cases and contacts built the way the register builds them: through the services, step by step."""

import datetime as dt

from ilp.people.tests.factories import PatientFactory
from ilp.tb import services
from ilp.tb.models import TbCase, TbContact, TbTest

D = dt.date
PRESUMPTIVE_ON = D(2026, 3, 2)


def adult(**kwargs):
    return PatientFactory(sex=kwargs.pop("sex", "M"), birth_date=kwargs.pop("birth_date", D(1980, 5, 5)), **kwargs)


def presumptive(actor, patient=None, *, on: dt.date = PRESUMPTIVE_ON) -> TbCase:
    return services.register_presumptive(actor=actor, patient=patient or adult(), presumptive_on=on,
                                         source=TbCase.Source.SKRINING)


def with_result(actor, case: TbCase, *, result: str = TbTest.Result.MTB_RIF_SENSITIF, kind: str = TbTest.Kind.TCM,
           on: dt.date | None = None) -> TbTest:
    on = on or case.presumptive_on
    test = services.order_test(actor=actor, case=case, kind=kind, ordered_on=on, sample_place=TbTest.Place.PUSKESMAS)
    return services.record_test_result(actor=actor, test=test, result=result, result_on=on + dt.timedelta(days=1))


def index_case(dokter, patient=None, *, on: dt.date = PRESUMPTIVE_ON) -> TbCase:
    """Pulmonary TB confirmed by TCM (rifampicin sensitive), diagnosed two days after the terduga entry."""
    case = presumptive(dokter, patient, on=on)
    with_result(dokter, case, on=on)
    return services.record_diagnosis(actor=dokter, case=case, diagnosis=TbCase.Diagnosis.BAKTERIOLOGIS,
                                     diagnosed_on=on + dt.timedelta(days=2), site=TbCase.Site.PARU,
                                     resistance=TbCase.Resistance.SENSITIF)


def contact(actor, case: TbCase, patient=None, *, on: dt.date | None = None) -> TbContact:
    return services.add_contact(actor=actor, index_case=case, relation=TbContact.Relation.SERUMAH,
                                listed_on=on or case.diagnosed_on, patient=patient or adult(birth_date=D(2010, 1, 1)))
