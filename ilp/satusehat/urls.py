from django.urls import path

from . import views

app_name = "satusehat"
urlpatterns = [
    path("satusehat/", views.status, name="status"),
    path("satusehat/kunjungan/<int:visit_id>/kirim-ulang/", views.resend, name="resend"),
]
