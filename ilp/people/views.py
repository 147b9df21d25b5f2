"""Patient and family pages: search, register, look up, correct, and merge duplicates."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ilp.core.views import paginate, redirect_after_post, render_page
from ilp.packages import selectors as package_selectors
from ilp.regions.selectors import desa_selectable

from . import selectors, services
from .forms import FamilyForm, FamilyMemberForm, MergeForm, PatientCorrectionForm, PatientForm


def _require_patients(user) -> None:
    if not user.sees_patients:
        raise PermissionDenied(_("Peran Anda hanya melihat data agregat, bukan data pasien."))


def _require_registration(user) -> None:
    if not user.can_register:
        raise PermissionDenied(_("Peran Anda tidak boleh mendaftarkan atau mengubah data pasien."))


def _next_url(request, patient) -> str | None:
    """Back to where registration was started (e.g. the loket worklist), with the new patient chosen."""
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}) and target.startswith("/"):
        return f"{target}{'&' if '?' in target else '?'}pasien={patient.pk}"
    return None


def patient_list(request):
    _require_patients(request.user)
    search = request.GET.get("q", "")
    page = paginate(request, selectors.patient_list(user=request.user, search=search))
    context = {"page": page, "search": search, "query": f"q={search}" if search else "", "active_nav": "people"}
    return render_page(request, "people/patient_list.html", context, fragment="rows")


def patient_detail(request, pk: int):
    _require_patients(request.user)
    patient = selectors.patient_get(user=request.user, pk=pk)
    context = {"patient": patient, "active_nav": "people",
               "records": patient.medical_records.select_related("facility"),
               "versions": selectors.patient_versions(patient=patient),
               "packages": package_selectors.packages_for(patient=patient),
               "package_records": package_selectors.record_list(patient=patient)[:15]}
    return render_page(request, "people/patient_detail.html", context)


@require_http_methods(["GET", "POST"])
def patient_register(request):
    _require_registration(request.user)
    form = PatientForm(request.POST or None, desa_qs=desa_selectable(user=request.user))
    if form.is_valid():
        try:
            patient = services.register_patient(actor=request.user, **form.service_kwargs())
        except ValidationError as error:
            form.add_error(None, error)  # keeps everything the clerk typed
        else:
            messages.success(request, _("Pasien %(name)s terdaftar.") % {"name": patient.name})
            return redirect_after_post(request, _next_url(request, patient) or patient)
    context = {"form": form, "warnings": form.warnings, "active_nav": "people"}
    return render_page(request, "people/patient_form.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def patient_correct(request, pk: int):
    _require_registration(request.user)
    patient = selectors.patient_get(user=request.user, pk=pk)
    initial = {f: getattr(patient, f) for f in ("nik", "name", "sex", "birth_date", "birth_place", "address",
                                                 "phone", "bpjs_number", "disability")} | {"desa": patient.desa_id}
    form = PatientCorrectionForm(request.POST or None, initial=initial, desa_qs=desa_selectable(user=request.user))
    if form.is_valid():
        data = form.service_kwargs()
        reason = data.pop("reason")
        try:
            services.correct_patient(actor=request.user, patient=patient, reason=reason, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Data pasien diperbarui; versi sebelumnya tetap tersimpan."))
            return redirect_after_post(request, patient)
    context = {"form": form, "patient": patient, "warnings": form.warnings, "active_nav": "people"}
    return render_page(request, "people/patient_form.html", context, status=400 if form.errors else 200)


def family_list(request):
    _require_patients(request.user)
    search = request.GET.get("q", "")
    page = paginate(request, selectors.family_list(user=request.user, search=search))
    context = {"page": page, "search": search, "query": f"q={search}" if search else "", "active_nav": "families"}
    return render_page(request, "people/family_list.html", context, fragment="rows")


def family_detail(request, pk: int):
    _require_patients(request.user)
    family = selectors.family_get(user=request.user, pk=pk)
    search = request.GET.get("q", "")
    candidates = selectors.patient_list(user=request.user, search=search)[:10] if search.strip() else []
    context = {"family": family, "members": family.members.order_by("birth_date"), "candidates": candidates,
               "search": search, "member_form": FamilyMemberForm(), "active_nav": "families"}
    return render_page(request, "people/family_detail.html", context, fragment="candidates")


@require_http_methods(["GET", "POST"])
def family_register(request):
    _require_registration(request.user)
    form = FamilyForm(request.POST or None, desa_qs=desa_selectable(user=request.user))
    if form.is_valid():
        try:
            family = services.register_family(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Keluarga tersimpan. Tambahkan anggota keluarga di bawah."))
            return redirect_after_post(request, family)
    context = {"form": form, "active_nav": "families"}
    return render_page(request, "people/family_form.html", context, status=400 if form.errors else 200)


@require_POST
def family_add_member(request, pk: int):
    _require_registration(request.user)
    family = selectors.family_get(user=request.user, pk=pk)
    form = FamilyMemberForm(request.POST)
    if form.is_valid():
        patient = selectors.patient_get(user=request.user, pk=form.cleaned_data["patient_id"])
        services.add_family_member(actor=request.user, family=family, patient=patient, relation=form.cleaned_data["relation"])
        messages.success(request, _("%(name)s ditambahkan ke keluarga.") % {"name": patient.name})
    else:
        messages.error(request, _("Pilih pasien dan hubungan keluarganya."))
    return redirect_after_post(request, family)


def duplicate_list(request):
    _require_registration(request.user)
    pairs = selectors.duplicate_candidates(user=request.user)
    return render_page(request, "people/duplicate_list.html", {"pairs": pairs, "form": MergeForm(), "active_nav": "people"})


@require_POST
def patient_merge(request):
    _require_registration(request.user)
    form = MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tuliskan alasan penggabungan."))
        return redirect_after_post(request, reverse("people:duplicate_list"))
    keep = selectors.patient_get(user=request.user, pk=form.cleaned_data["keep"])
    duplicate = get_object_or_404(selectors.patient_list(user=request.user), pk=form.cleaned_data["duplicate"])
    try:
        services.merge_patients(actor=request.user, keep=keep, duplicate=duplicate, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect_after_post(request, reverse("people:duplicate_list"))
    messages.success(request, _("Data ganda digabung; kedua riwayat tetap tersimpan."))
    return redirect_after_post(request, keep)
