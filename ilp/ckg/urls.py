from django.urls import path

from . import views

app_name = "ckg"
urlpatterns = [
    path("ckg/", views.home, name="home"),
    path("ckg/daftar/<int:patient_pk>/", views.register, name="register"),
    path("ckg/daftar/bayi/", views.register_newborn, name="register_newborn"),
    path("ckg/khusus/<int:record_pk>/", views.register_khusus, name="register_khusus"),
    path("ckg/<int:pk>/", views.detail, name="detail"),
    path("ckg/<int:pk>/tautan/", views.new_link, name="new_link"),
    path("ckg/<int:pk>/periksa/", views.examine, name="examine"),
    path("ckg/<int:pk>/selesai/", views.finish, name="finish"),
    path("ckg/<int:pk>/surat/", views.letter, name="letter"),
    path("ckg/isi/<str:token>/", views.self_report, name="self_report"),
    path("ckg/tindak-lanjut/", views.worklist, name="worklist"),
    path("ckg/dasbor/", views.dashboard, name="dashboard"),
    path("ckg/sekolah/", views.school_list, name="school_list"),
    path("ckg/sekolah/<int:pk>/", views.school_detail, name="school_detail"),
    path("ckg/ekspor/<str:package_id>.csv", views.export, name="export"),
]
