"""CKG pages: desk lookup and registration, the examination, result letter, self-report, board, dashboard."""

import csv

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ilp.core.views import redirect_after_post, render_page
from ilp.packages import services as packages
from ilp.packages.selectors import hidden_fields
from ilp.people import selectors as people_selectors

from . import exports, forms, groups, selectors, services
from . import schools as schools_services


def home(request, newborn_form=None):
    """The CKG desk: find the person by NIK, ticket or name; today's CKG board below."""
    form = forms.LookupForm(request.GET or None)
    found = []
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        ticket = selectors.registration_list(user=request.user).filter(ticket__iexact=query).first()
        if ticket:
            return redirect_after_post(request, ticket)
        found = list(people_selectors.patient_list(user=request.user, search=query)[:20])
    year = timezone.localdate().year
    done = set(selectors.registration_list(user=request.user).filter(year=year, patient__in=found).values_list("patient_id", flat=True))
    khusus = selectors.khusus_candidates(user=request.user, patients=found, year=year) if found else {}
    context = {"form": form, "found": [(p, p.pk in done, khusus.get(p.pk, [])) for p in found],
               "register_form": forms.RegisterForm(), "newborn_form": newborn_form or forms.NewbornForm(),
               "board": selectors.day_board(user=request.user, on=timezone.localdate()), "active_nav": "ckg"}
    return render_page(request, "ckg/home.html", context)


@require_POST
def register(request, patient_pk: int):
    patient = people_selectors.patient_get(user=request.user, pk=patient_pk)
    form = forms.RegisterForm(request.POST)
    if form.is_valid():
        try:
            registration, token = services.register_ckg(actor=request.user, patient=patient, payer=form.cleaned_data["payer"],
                                                        school=request.POST.get("sekolah") == "1")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect_after_post(request, reverse("ckg:home") + f"?q={patient.nik or patient.name}")
        request.session[f"ckg_token_{registration.pk}"] = token  # shown on the next page only
        messages.success(request, _("%(name)s terdaftar CKG: %(group)s.") % {"name": patient.name,
                                                                             "group": registration.get_group_display()})
        return redirect_after_post(request, registration)
    messages.error(request, _("Pilih cara bayar."))
    return redirect_after_post(request, reverse("ckg:home"))


@require_http_methods(["GET", "POST"])
def register_newborn(request):
    """A newborn by the mother's NIK: the baby and the CKG in one step; errors keep what was entered."""
    form = forms.NewbornForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration, token = services.register_newborn_ckg(
                actor=request.user, mother_nik=data["mother_nik"], sex=data["sex"], birth_date=data["birth_date"],
                payer=data["payer"])
        except ValidationError as error:
            if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
                for field, errors in error.error_dict.items():
                    form.add_error(field, errors)
            else:
                form.add_error(None, error.messages)
        else:
            request.session[f"ckg_token_{registration.pk}"] = token
            messages.success(request, _("%(name)s terdaftar CKG: %(group)s.") % {
                "name": registration.patient.name, "group": registration.get_group_display()})
            return redirect_after_post(request, registration)
    return home(request, newborn_form=form)


@require_POST
def register_khusus(request, record_pk: int):
    """PKG Khusus: an ANC contact or balita weighing of this year counts as the person's CKG (no re-entry)."""
    record = selectors.khusus_record_get(user=request.user, pk=record_pk)
    try:
        registration = services.register_khusus(actor=request.user, record=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect_after_post(request, reverse("ckg:home") + f"?q={record.patient.nik or record.patient.name}")
    messages.success(request, _("%(name)s: CKG tahun ini tercatat lewat PKG Khusus.") % {"name": record.patient.name})
    return redirect_after_post(request, registration)


def detail(request, pk: int):
    registration = selectors.registration_get(user=request.user, pk=pk)
    token = request.session.pop(f"ckg_token_{pk}", None)
    link = request.build_absolute_uri(reverse("ckg:self_report", args=[token])) if token else ""
    qr = segno.make(link, error="m").svg_inline(scale=5, title=_("Kode QR kuesioner mandiri")) if link else ""
    context = {"registration": registration, "patient": registration.patient, "self_link": link, "self_qr": mark_safe(qr),  # noqa: S308 (segno's own SVG of our URL)
               "records": services.examination_records(registration), "active_nav": "ckg"}
    return render_page(request, "ckg/detail.html", context)


@require_POST
def new_link(request, pk: int):
    registration = selectors.registration_get(user=request.user, pk=pk)
    try:
        request.session[f"ckg_token_{pk}"] = services.renew_self_report_token(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect_after_post(request, registration)


def _section_forms(registration, data=None):
    patient = registration.patient
    answers = registration.self_answers or {}
    return [(section, forms.section_form(section, patient_hidden=hidden_fields(section.package, patient=patient), data=data,
                                         initial=answers.get(section.package.id, {})))
            for section in groups.sections(group=registration.group, patient=patient, on=timezone.localdate())]


@require_http_methods(["GET", "POST"])
def examine(request, pk: int):
    """Every section of the group on one page; the self-reported answers arrive filled in, marked as such."""
    registration = selectors.registration_get(user=request.user, pk=pk)
    sections = _section_forms(registration, request.POST or None)
    errors, warnings, confirm = [], [], False
    if request.method == "POST" and all(form.is_valid() for _section, form in sections):
        values = {section.package.id: form.values() for section, form in sections}
        try:
            services.record_examination(actor=request.user, registration=registration, values=values,
                                        confirmed=request.POST.get("confirmed") == "on")
        except packages.NeedsConfirmation as error:
            warnings, confirm = error.warnings, True
        except ValidationError as error:
            errors = _place_errors(error, sections)
        else:
            messages.success(request, _("Pemeriksaan CKG tersimpan."))
            return redirect_after_post(request, registration)
    context = {"registration": registration, "patient": registration.patient, "sections": sections, "errors": errors,
               "warnings": warnings, "confirm": confirm, "active_nav": "ckg"}
    bad = errors or warnings or any(form.errors for _s, form in sections)
    return render_page(request, "ckg/examine.html", context, status=400 if bad else 200)


def _place_errors(error: ValidationError, sections) -> list[str]:
    """Field errors beside their field (key `package-field`); the rest above the form."""
    if not hasattr(error, "error_dict"):
        return error.messages
    by_prefix = {section.package.id: form for section, form in sections}
    general = []
    for key, messages_ in error.message_dict.items():
        package_id, _sep, field_id = key.partition("-")
        form = by_prefix.get(package_id)
        if form is not None and field_id in form.fields:
            form.add_error(field_id, messages_)
        else:
            general += messages_
    return general


@require_POST
def finish(request, pk: int):
    registration = selectors.registration_get(user=request.user, pk=pk)
    try:
        services.finish_ckg(actor=request.user, registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect_after_post(request, registration)
    return redirect_after_post(request, reverse("ckg:letter", args=[pk]))


def letter(request, pk: int):
    """The A4 result letter handed to the person (print from the browser)."""
    registration = selectors.registration_get(user=request.user, pk=pk)
    records = services.examination_records(registration)
    context = {"registration": registration, "patient": registration.patient, "records": records,
               "flags": [f for r in records for f in r.flags if f["severity"] != "info" or f["code"] in
                         ("merokok", "kurang_aktivitas", "kurang_sayur_buah")]}
    return render_page(request, "ckg/letter.html", context)


@login_not_required
@require_http_methods(["GET", "POST"])
def self_report(request, token: str):
    """The person's own questionnaire, opened from the link or QR code without a login; one time only."""
    try:
        registration = services.registration_for_token(token)
    except ValidationError as error:
        return render_page(request, "ckg/self_report_invalid.html", {"message": " ".join(error.messages)}, status=404)
    parts = [(s, forms.self_report_form(s.package, s.self_report, data=request.POST or None, prefix=s.package.id))
             for s in groups.sections(group=registration.group, patient=registration.patient, on=timezone.localdate())
             if s.self_report]
    if request.method == "POST" and all(form.is_valid() for _s, form in parts):
        answers = {s.package.id: {k: v for k, v in form.values().items() if k in s.self_report} for s, form in parts}
        try:
            services.submit_self_report(token=token, answers=answers)
        except ValidationError as error:
            return render_page(request, "ckg/self_report_invalid.html", {"message": " ".join(error.messages)}, status=400)
        return render_page(request, "ckg/self_report_done.html", {})
    first_name = registration.patient.name.split()[0]
    return render_page(request, "ckg/self_report.html", {"parts": parts, "first_name": first_name})


def worklist(request):
    """Gap tatalaksana: registry follow-ups with no treatment or control after 30 days (Pustu, kader)."""
    rows = selectors.gap_worklist(user=request.user)
    return render_page(request, "ckg/worklist.html", {"rows": rows, "gap_days": selectors.GAP_DAYS, "active_nav": "ckg"})


def dashboard(request):
    asked = request.GET.get("tahun", "")
    year = int(asked) if asked.isdigit() and 2025 <= int(asked) <= 2100 else timezone.localdate().year
    figures = selectors.coverage(user=request.user, year=year)
    context = {"year": year, "figures": figures, "active_nav": "ckg",
               "people": selectors.person_status(user=request.user, year=year, search=request.GET.get("q", ""))
               if request.user.sees_patients else None}
    return render_page(request, "ckg/dashboard.html", context)


def export(request, package_id: str):
    """One CSV row per person for one juknis form (a package of the CKG), this year, for the ministry's upload."""
    header, rows = exports.package_rows(user=request.user, package_id=package_id, year=timezone.localdate().year)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ckg-{package_id}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


@require_http_methods(["GET", "POST"])
def school_list(request):
    """PKG Sekolah: the schools of the wilayah, their pupils this year and how many had their CKG."""
    schools = selectors.school_list(user=request.user)
    form = forms.SchoolForm(request.POST or None, desa_queryset=selectors.wilayah_desa(user=request.user))
    if form.is_valid():
        school = schools_services.create_school(actor=request.user, **form.cleaned_data)
        return redirect_after_post(request, school)
    return render_page(request, "ckg/school_list.html", {"schools": schools, "form": form, "active_nav": "ckg"})


@require_http_methods(["GET", "POST"])
def school_detail(request, pk: int):
    school = selectors.school_get(user=request.user, pk=pk)
    form = forms.ClassListForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            pupils = schools_services.import_class_list(actor=request.user, school=school, upload=form.cleaned_data["upload"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("%(n)s murid dari daftar kelas tersimpan.") % {"n": len(pupils)})
            return redirect_after_post(request, school)
    context = {"school": school, "form": form, "pupils": selectors.pupil_rows(school=school),
               "register_form": forms.RegisterForm(), "active_nav": "ckg"}
    return render_page(request, "ckg/school_detail.html", context, status=400 if form.errors else 200)
