from django.urls import path

from . import views

app_name = "immunization"
urlpatterns = [
    path("pasien/<int:pk>/imunisasi/", views.card, name="card"),
    path("imunisasi/sasaran/", views.due_list, name="due_list"),
]
