from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("laporan/", views.report_index, name="index"),
    path("laporan/dhis2/", views.dhis2_download, name="dhis2"),
]
