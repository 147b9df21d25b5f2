from django.urls import path

from . import views, views_home, views_kader, views_whatsapp

app_name = "outreach"
urlpatterns = [
    path("posyandu/", views.session_list, name="session_list"),
    path("posyandu/<int:pk>/hari-buka/", views.schedule_set, name="schedule_set"),
    path("posyandu/<int:pk>/buka/", views.session_open, name="session_open"),
    path("posyandu/<int:pk>/skdn/", views.skdn, name="skdn"),
    path("posyandu/sesi/<int:pk>/", views.session_detail, name="session_detail"),
    path("posyandu/sesi/<int:pk>/kader/", views.session_kader, name="session_kader"),
    path("posyandu/sesi/<int:pk>/daftar/", views.attendance_register, name="attendance_register"),
    path("posyandu/sesi/<int:pk>/hadir/<int:attendance_pk>/meja/", views.attendance_step, name="attendance_step"),
    path("posyandu/sesi/<int:pk>/hadir/<int:attendance_pk>/timbang/", views.attendance_weigh, name="attendance_weigh"),
    path("posyandu/sesi/<int:pk>/hadir/<int:attendance_pk>/rujuk/", views.attendance_refer, name="attendance_refer"),
    path("posyandu/sesi/<int:pk>/tutup/", views.session_close, name="session_close"),
    path("posyandu/sesi/<int:pk>/rekap/", views.session_recap, name="session_recap"),
    path("posyandu/bentrok/", views.conflict_list, name="conflict_list"),
    path("posyandu/bentrok/<int:pk>/tinjau/", views.conflict_review, name="conflict_review"),
    path("posyandu/<int:pk>/rencana-kunjungan/", views_home.visit_plan, name="visit_plan"),
    path("kunjungan-rumah/keluarga/<int:pk>/", views_home.family_visit, name="family_visit"),
    path("kunjungan-rumah/iks/", views_home.iks, name="iks"),
    path("posyandu/dasbor/", views_home.outreach_dashboard, name="outreach_dashboard"),
    path("kader/", views_kader.kader_app, name="kader_app"),
    path("kader/manifest.webmanifest", views_kader.kader_manifest, name="kader_manifest"),
    path("kader/sw.js", views_kader.kader_sw, name="kader_sw"),
    path("posyandu/whatsapp/", views.whatsapp_number, name="whatsapp_number"),
    path("whatsapp/webhook/", views_whatsapp.webhook, name="whatsapp_webhook"),
]
