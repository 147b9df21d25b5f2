from django.urls import path

from . import views

app_name = "facilities"
urlpatterns = [
    path("fasilitas/", views.facility_list, name="facility_list"),
    path("fasilitas/<int:pk>/", views.facility_detail, name="facility_detail"),
]
