from django.urls import path

from . import views

app_name = "dental"
urlpatterns = [
    path("gigi/", views.exam_list, name="exam_list"),
    path("gigi/kunjungan/<int:visit_id>/", views.chart, name="chart"),
    path("gigi/kunjungan/<int:visit_id>/tindakan/", views.treatment_add, name="treatment_add"),
]
