"""The navigation every page shows, by what the user's role may open.

An item is (label, url, key); an item whose url is a list of items is a group, shown as a menu
(`<details>`, no JavaScript needed). Units a patient is sent to (lab, farmasi, UGD, rawat inap,
gigi, gizi, kesling, surveilans) go in `units`, Klaster 1 and the system pages in `admin`, so the bar
stays one line on a clinic's screen.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class NavGroup(list):
    """The items of a menu in the bar; the template tells it from a url by `is_group`."""

    is_group = True


def flat(items) -> list[tuple]:
    """Every link of the bar, groups opened: (label, url, key)."""
    return [leaf for item in items for leaf in (flat(item[1]) if getattr(item[1], "is_group", False) else [item])]


def navigation(request):
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    items = [(_("Beranda"), reverse("dashboards:home"), "home")]
    if user.sees_patients:
        items += [(_("Pasien"), reverse("people:patient_list"), "people"),
                  (_("Keluarga"), reverse("people:family_list"), "families")]
    if user.sees_patients and user.facility.kind == "puskesmas":
        items.append((_("Antrean"), reverse("visits:station_list"), "flow"))
    if user.sees_patients:
        items.append((_("Tindak lanjut"), reverse("visits:follow_up_list"), "follow_ups"))
    if user.sees_patients and user.role != "kader":
        items.append((_("TBC"), reverse("tb:case_list"), "tb"))
    if user.role in ("pendaftaran", "dokter", "bidan", "perawat", "kepala_puskesmas") and user.facility.kind == "puskesmas":
        items.append((_("CKG"), reverse("ckg:home"), "ckg"))
    if user.sees_patients and user.role in ("kader", "bidan"):
        items.append((_("Posyandu"), reverse("outreach:session_list"), "outreach"))
    units = NavGroup()  # one line per unit module: units.append((label, url, key))
    if user.sees_patients and user.facility.kind == "puskesmas":  # UGD runs 24 hours; wards where the Puskesmas has them
        units.append((_("UGD"), reverse("emergency:board"), "ugd"))
        units.append((_("Rawat inap"), reverse("inpatient:ward_board"), "inpatient"))
        units.append((_("Poli Gigi"), reverse("dental:exam_list"), "dental"))
        units.append((_("Gizi dan PMT"), reverse("nutrition:home"), "nutrition"))
    if user.sees_patients and user.role != "kader":
        units.append((_("Farmasi"), reverse("pharmacy:worklist"), "pharmacy"))
        units.append((_("Laboratorium"), reverse("lab:worklist"), "lab"))
        units.append((_("Kesling"), reverse("kesling:inspection_list"), "kesling"))
    # SKDR: cases by name for facility staff, the alerts of the region for the Dinkes.
    units.append((_("Surveilans"), reverse("surveillance:case_list" if user.sees_patients else "surveillance:alert_list"), "surveillance"))
    if units:
        items.append((_("Unit layanan"), units, "units"))
    items.append((_("Dasbor"), reverse("dashboards:program", args=["utama"]), "dashboards"))
    items.append((_("PWS"), reverse("indicators:pws"), "pws"))
    items.append((_("Laporan"), reverse("reports:index"), "reports"))
    admin = NavGroup([(_("Fasilitas"), reverse("facilities:facility_list"), "facilities")])  # Klaster 1 and the system
    if user.role in ("kepala_puskesmas", "admin", "dinkes_kabkota", "dinkes_provinsi"):  # Klaster 1 (Dinkes: the dashboard only)
        admin.insert(0, (_("Klaster 1 Manajemen"), reverse("management:dashboard"), "management"))
    if user.role in ("kepala_puskesmas", "admin", "dinkes_kabkota", "dinkes_provinsi", "pusat"):
        admin.append((_("Jejaring"), reverse("network:home"), "network"))
    if user.reads_audit:
        admin.append((_("Log audit"), reverse("audit:entry_list"), "audit"))
    if user.role in ("kepala_puskesmas", "admin"):
        admin.append((_("SATUSEHAT"), reverse("satusehat:status"), "satusehat"))
    items.extend(admin if len(admin) == 1 else [(_("Manajemen"), admin, "admin")])
    return {"nav_items": items}
