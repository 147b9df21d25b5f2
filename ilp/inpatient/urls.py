from django.urls import path

from . import views

app_name = "inpatient"
urlpatterns = [
    path("rawat-inap/", views.ward_board, name="ward_board"),
    path("rawat-inap/masuk/", views.admit, name="admit"),
    path("rawat-inap/kinerja/", views.occupancy, name="occupancy"),
    path("rawat-inap/<int:pk>/", views.admission_detail, name="admission_detail"),
    path("rawat-inap/<int:pk>/resume/", views.discharge_summary, name="discharge_summary"),
    path("rawat-inap/<int:pk>/<slug:step>/", views.admission_step, name="admission_step"),
]
