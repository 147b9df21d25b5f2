"""The SATUSEHAT delivery status page (per day and per visit) and the resend button."""

import datetime as dt

from django.contrib import messages
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ilp.core.views import redirect_after_post, render_page

from . import selectors, services

RESENT = "%(n)s data kunjungan %(number)s dikirim ulang ke SATUSEHAT."


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return timezone.localdate()


def status(request):
    day = _day(request.GET.get("tanggal", ""))
    context = {"day": day, "days": selectors.daily_summary(user=request.user, today=timezone.localdate()),
               "visits": selectors.visit_statuses(user=request.user, day=day),
               "types": selectors.type_summary(user=request.user, day=day), "active_nav": "satusehat"}
    return render_page(request, "satusehat/status.html", context, fragment="visits")


@require_POST
def resend(request, visit_id: int):
    visit = selectors.visit_get(user=request.user, pk=visit_id)
    count = services.resend_visit(actor=request.user, visit=visit)
    messages.success(request, _(RESENT) % {"n": count, "number": visit.number})
    return redirect_after_post(request, f"{reverse('satusehat:status')}?tanggal={visit.date.isoformat()}")
