from django.urls import path

from . import views

app_name = "people"
urlpatterns = [
    path("pasien/", views.patient_list, name="patient_list"),
    path("pasien/daftar/", views.patient_register, name="patient_register"),
    path("pasien/ganda/", views.duplicate_list, name="duplicate_list"),
    path("pasien/gabung/", views.patient_merge, name="patient_merge"),
    path("pasien/<int:pk>/", views.patient_detail, name="patient_detail"),
    path("pasien/<int:pk>/koreksi/", views.patient_correct, name="patient_correct"),
    path("keluarga/", views.family_list, name="family_list"),
    path("keluarga/baru/", views.family_register, name="family_register"),
    path("keluarga/<int:pk>/", views.family_detail, name="family_detail"),
    path("keluarga/<int:pk>/anggota/", views.family_add_member, name="family_add_member"),
]
