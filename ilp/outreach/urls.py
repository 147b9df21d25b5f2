from django.urls import path

from . import views

app_name = "outreach"
urlpatterns = [
    path("posyandu/", views.session_list, name="session_list"),
    path("posyandu/<int:pk>/buka/", views.session_open, name="session_open"),
    path("posyandu/<int:pk>/skdn/", views.skdn, name="skdn"),
    path("posyandu/sesi/<int:pk>/", views.session_detail, name="session_detail"),
    path("posyandu/sesi/<int:pk>/daftar/", views.attendance_register, name="attendance_register"),
    path("posyandu/sesi/<int:pk>/hadir/<int:attendance_pk>/meja/", views.attendance_step, name="attendance_step"),
    path("posyandu/sesi/<int:pk>/hadir/<int:attendance_pk>/timbang/", views.attendance_weigh, name="attendance_weigh"),
    path("posyandu/sesi/<int:pk>/hadir/<int:attendance_pk>/rujuk/", views.attendance_refer, name="attendance_refer"),
    path("posyandu/sesi/<int:pk>/tutup/", views.session_close, name="session_close"),
    path("posyandu/sesi/<int:pk>/rekap/", views.session_recap, name="session_recap"),
]
