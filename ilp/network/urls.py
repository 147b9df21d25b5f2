from django.urls import path

from . import views

app_name = "network"
urlpatterns = [
    path("jejaring/", views.home, name="home"),
    path("jejaring/anggota/baru/", views.member_create, name="member_create"),
    path("jejaring/anggota/<int:pk>/", views.member_detail, name="member_detail"),
    path("jejaring/anggota/<int:pk>/akun/", views.member_user, name="member_user"),
    path("jejaring/perjanjian/<int:pk>/berkas/", views.agreement_file, name="agreement_file"),
    path("jejaring/iq-care/baru/", views.pathway_create, name="pathway_create"),
    path("jejaring/iq-care/<int:pk>/", views.pathway_detail, name="pathway_detail"),
    path("jejaring/iq-care/<int:pk>/<slug:step>/", views.pathway_part, name="pathway_part"),
    path("jejaring/tugas/<int:pk>/status/", views.task_status, name="task_status"),
    path("jejaring/integrasi/", views.checklist, name="checklist"),
    path("jejaring/integrasi/<int:pk>/", views.checklist_set, name="checklist_set"),
]
