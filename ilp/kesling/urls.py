from django.urls import path

from . import views

app_name = "kesling"
urlpatterns = [
    path("kesling/", views.inspection_list, name="inspection_list"),
    path("kesling/inspeksi/<slug:kind>/baru/", views.inspection_create, name="inspection_create"),
    path("kesling/inspeksi/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path("kesling/rekap/", views.recap, name="recap"),
    path("kesling/konseling/", views.counselling_list, name="counselling_list"),
    path("kesling/konseling/pasien/<int:patient_pk>/baru/", views.counselling_create, name="counselling_create"),
    path("kesling/konseling/<int:pk>/", views.counselling_detail, name="counselling_detail"),
]
