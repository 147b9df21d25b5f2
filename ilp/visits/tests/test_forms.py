"""The loket's and UGD's payer choices: CKG is chosen at the CKG desk only (ilp/ckg)."""

from ilp.emergency.forms import IdentifyForm
from ilp.visits.forms import RegisterVisitForm
from ilp.visits.models import Payer


def test_the_loket_and_ugd_never_offer_the_ckg_payer():
    """An ordinary visit marked 'CKG' would skip the kasir without being a free health check."""
    for form in (RegisterVisitForm, IdentifyForm):
        offered = dict(form.base_fields["payer"].choices)
        assert set(offered) == {Payer.BPJS, Payer.UMUM}
