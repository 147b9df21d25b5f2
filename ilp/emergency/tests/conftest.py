"""The UGD team of Puskesmas Sitiung I (the ward team's doctor and nurse), a ward with two beds, a registered
patient, and an arrival not yet identified."""

import pytest

from ilp.emergency import services
from ilp.inpatient.services import set_ward_beds
from ilp.inpatient.tests.conftest import dokter, other_patient, patient, perawat  # noqa: F401  (shared fixtures)


@pytest.fixture
def beds(puskesmas):
    return list(set_ward_beds(facility=puskesmas, name="Ruang Rawat Inap Umum", kind="umum", beds=2).beds.order_by("code"))


@pytest.fixture
def case(perawat, puskesmas):  # noqa: F811  (the fixture imported above, not a redefinition)
    """Someone brought in unconscious, not yet identified."""
    return services.start_arrival(actor=perawat, facility=puskesmas, complaint="Tidak sadar setelah jatuh dari motor",
                                  arrival="polisi", sex="M", age=40)
