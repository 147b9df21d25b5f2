from django.urls import path

from . import views

app_name = "surveillance"
urlpatterns = [
    path("surveilans/", views.case_list, name="case_list"),
    path("surveilans/kasus/baru/", views.case_create, name="case_create"),
    path("surveilans/kasus/<int:pk>/", views.case_detail, name="case_detail"),
    path("surveilans/mingguan/", views.weekly, name="weekly"),
    path("surveilans/sinyal/", views.alert_list, name="alert_list"),
    path("surveilans/sinyal/<int:pk>/", views.alert_detail, name="alert_detail"),
    path("surveilans/sinyal/<int:pk>/<slug:step>/", views.alert_step, name="alert_step"),
]
