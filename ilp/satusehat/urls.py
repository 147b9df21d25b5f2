from django.urls import path  # noqa: F401

app_name = "satusehat"
urlpatterns: list = []
