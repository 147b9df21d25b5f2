from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("pws/", views.pws_page, name="pws"),
    path("sasaran/", views.sasaran_page, name="sasaran"),
    path("pws/batas-desa/", views.boundaries_page, name="boundaries"),
    path("mutu-data/", views.quality_page, name="quality"),
]
