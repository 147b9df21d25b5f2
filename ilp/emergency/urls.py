from django.urls import path

from . import views

app_name = "emergency"
urlpatterns = [
    path("ugd/", views.board, name="board"),
    path("ugd/datang/", views.arrive, name="arrive"),
    path("ugd/<int:pk>/", views.case_detail, name="case_detail"),
    path("ugd/<int:pk>/<slug:step>/", views.case_step, name="case_step"),
]
