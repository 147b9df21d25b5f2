"""Home visits (kunjungan rumah): the family page with its checklists and PIS-PK form, IKS, the visit plan."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ilp.core.views import redirect_after_post, render_page
from ilp.packages import selectors as package_selectors

from . import selectors, services
from .forms import FamilySurveyForm, MonthForm

HOME_VISIT = "kunjungan_rumah"  # the `stations:` code of the home-visit checklists


def _checklists(patient) -> list:
    return package_selectors.packages_for(patient=patient, pregnant=True, station=HOME_VISIT)


@require_http_methods(["GET", "POST"])
def family_visit(request, pk: int):
    family = selectors.family_for_visit(user=request.user, pk=pk)
    form = FamilySurveyForm(request.POST or None, initial={"visit_date": selectors.today()})
    if form.is_valid():
        try:
            survey = services.record_family_survey(actor=request.user, family=family,
                                                   visit_date=form.cleaned_data["visit_date"], answers=form.answers())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Formulir keluarga tersimpan: IKS %(iks)s (%(category)s).") % {
                "iks": formats.localize(survey.iks) if survey.iks is not None else "—", "category": survey.get_category_display()})
            return redirect_after_post(request, request.path)
    members = [(m, _checklists(m)) for m in family.members.filter(merged_into__isnull=True).order_by("birth_date")]
    member_ids = [m.pk for m, _unused in members]
    context = {"family": family, "form": form, "members": members, "surveys": selectors.survey_list(family=family)[:5],
               "records": selectors.home_records(patient_ids=member_ids)[:30],
               "follow_ups": selectors.family_follow_ups(user=request.user, patient_ids=member_ids),
               "active_nav": "outreach"}
    return render_page(request, "outreach/family_visit.html", context, status=400 if form.errors else 200)


def iks(request):
    return render_page(request, "outreach/iks.html", {"summary": selectors.iks_summary(user=request.user),
                                                      "active_nav": "outreach"})


def visit_plan(request, pk: int):
    posyandu = selectors.posyandu_get(user=request.user, pk=pk)
    on = selectors.today()
    context = {"posyandu": posyandu, "plan": selectors.visit_plan(user=request.user, posyandu=posyandu, on=on), "today": on,
               "active_nav": "outreach"}
    return render_page(request, "outreach/visit_plan.html", context)


def outreach_dashboard(request):
    year, month = MonthForm(request.GET).month(selectors.today())
    data = selectors.outreach_shown(selectors.outreach_by_desa(user=request.user, year=year, month=month), user=request.user)
    context = {"data": data, "bulan": f"{year}-{month:02d}",
               "active_nav": "dashboards"}
    return render_page(request, "outreach/dashboard.html", context)
