"""The kader app's API at the top level of the URLconf: django-ninja reverses its own namespace
("kader_api:...") for the OpenAPI schema and docs, which fails when nested inside "outreach"."""

from django.urls import path

from .api import api

urlpatterns = [path("api/kader/", api.urls)]
