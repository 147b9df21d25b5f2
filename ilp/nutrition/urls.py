from django.urls import path

from . import views

app_name = "nutrition"
urlpatterns = [
    path("gizi/", views.home, name="home"),
    path("gizi/kunjungan/<int:visit_id>/", views.counselling, name="counselling"),
    path("gizi/kunjungan/<int:visit_id>/pmt/", views.pmt_start, name="pmt_start"),
    path("gizi/pasien/<int:patient_pk>/pmt/", views.pmt_detail, name="pmt_detail"),
    path("gizi/pasien/<int:patient_pk>/pmt/pemberian/", views.distribution_add, name="distribution_add"),
    path("gizi/pasien/<int:patient_pk>/pmt/akhir/", views.pmt_finish, name="pmt_finish"),
]
