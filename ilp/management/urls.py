from django.urls import path

from . import views

app_name = "management"
urlpatterns = [
    path("manajemen/", views.dashboard, name="dashboard"),
    path("manajemen/sdm/", views.staff_list, name="staff_list"),
    path("manajemen/sdm/baru/", views.staff_create, name="staff_create"),
    path("manajemen/sdm/jadwal/", views.roster, name="roster"),
    path("manajemen/sdm/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("manajemen/sdm/<int:pk>/ubah/", views.staff_edit, name="staff_edit"),
    path("manajemen/sdm/<int:pk>/str-sip/", views.licence_add, name="licence_add"),
    path("manajemen/sdm/<int:pk>/pelatihan/", views.training_add, name="training_add"),
    path("manajemen/sdm/<int:pk>/penugasan/", views.staff_assign, name="staff_assign"),
    path("manajemen/aset/", views.asset_list, name="asset_list"),
    path("manajemen/aset/baru/", views.asset_create, name="asset_create"),
    path("manajemen/aset/<int:pk>/", views.asset_edit, name="asset_edit"),
    path("manajemen/mutu/", views.quality, name="quality"),
    path("manajemen/mutu/insiden/", views.incident_list, name="incident_list"),
    path("manajemen/mutu/insiden/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("manajemen/mutu/survei/", views.survey, name="survey"),
    path("manajemen/perencanaan/", views.plan_list, name="plan_list"),
    path("manajemen/perencanaan/<int:pk>/status/", views.plan_status, name="plan_status"),
    path("manajemen/lokmin/", views.workshop_list, name="workshop_list"),
    path("manajemen/lokmin/baru/", views.workshop_create, name="workshop_create"),
    path("manajemen/lokmin/<int:pk>/", views.workshop_detail, name="workshop_detail"),
    path("manajemen/lokmin/<int:pk>/peserta/", views.attendee_add, name="attendee_add"),
    path("manajemen/lokmin/<int:pk>/rtl/", views.action_add, name="action_add"),
    path("manajemen/rtl/<int:pk>/status/", views.action_status, name="action_status"),
    path("manajemen/pkp/", views.pkp, name="pkp"),
    path("manajemen/keuangan/", views.finance, name="finance"),
]
