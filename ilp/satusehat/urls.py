from django.urls import path

from . import views
from .inbound import views as inbound

app_name = "satusehat"
urlpatterns = [
    path("satusehat/", views.status, name="status"),
    path("satusehat/kunjungan/<int:visit_id>/kirim-ulang/", views.resend, name="resend"),
    # Inbound FHIR R4 for third-party apps (decision 0018); SATUSEHAT's own paths, under /fhir/.
    path("fhir/oauth2/v1/accesstoken", inbound.token, name="inbound_token"),
    path("fhir/R4/", inbound.fhir, name="inbound_bundle"),
    path("fhir/R4/<str:resource_type>", inbound.fhir, name="inbound_resource"),
]
