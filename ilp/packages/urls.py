from django.urls import path

from . import views
from .kia import kia

app_name = "packages"
urlpatterns = [
    path("pasien/<int:pk>/layanan/<slug:package_id>/", views.record, name="record"),
    path("pasien/<int:pk>/catatan/<int:record_pk>/", views.record_detail, name="record_detail"),
    path("pasien/<int:pk>/buku-kia/", kia, name="kia"),
]
