from django.urls import path

from . import views

app_name = "clinical"
urlpatterns = [path("icd10/", views.icd10_search, name="icd10_search")]
