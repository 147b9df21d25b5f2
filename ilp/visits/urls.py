from django.urls import path

from . import views

app_name = "visits"
urlpatterns = [
    path("antrean/ambil/", views.kiosk, name="kiosk"),
    path("antrean/tiket/<int:pk>/", views.ticket, name="ticket"),
    path("antrean/", views.station_list, name="station_list"),
    path("antrean/<slug:code>/", views.worklist, name="worklist"),
    path("antrean/<slug:code>/panggil-berikutnya/", views.call_next, name="call_next"),
    path("antrean/<slug:code>/<int:pk>/<slug:action>/", views.entry_action, name="entry_action"),
    path("layar/<int:facility_pk>/", views.display_board, name="display_board"),
    path("kunjungan/", views.visit_list, name="visit_list"),
    path("kunjungan/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("kunjungan/<int:pk>/batal/", views.visit_cancel, name="visit_cancel"),
    path("kunjungan/<int:pk>/rujukan/<int:referral_pk>/", views.referral_letter, name="referral_letter"),
    path("kunjungan/<int:pk>/kuitansi/", views.receipt, name="receipt"),
    path("tindak-lanjut/", views.follow_up_list, name="follow_up_list"),
    path("tindak-lanjut/<int:pk>/selesai/", views.follow_up_done, name="follow_up_done"),
    path("kepatuhan/", views.compliance, name="compliance"),
]
