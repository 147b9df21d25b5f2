from django.urls import path

from . import views

app_name = "tb"
urlpatterns = [
    path("tbc/", views.case_list, name="case_list"),
    path("tbc/pasien/<int:patient_pk>/terduga/", views.case_create, name="case_create"),
    path("tbc/<int:pk>/", views.case_detail, name="case_detail"),
    path("tbc/<int:pk>/langkah/<slug:step>/", views.case_step, name="case_step"),
    path("tbc/<int:pk>/kontak/baru/", views.contact_create, name="contact_create"),
    path("tbc/kontak/<int:pk>/", views.contact_detail, name="contact_detail"),
    path("tbc/kontak/<int:pk>/langkah/<slug:step>/", views.contact_step, name="contact_step"),
]
