from django.urls import path

from . import views

app_name = "pharmacy"
urlpatterns = [
    path("farmasi/", views.worklist, name="worklist"),
    path("farmasi/resep/<int:pk>/", views.dispense, name="dispense"),
    path("farmasi/kunjungan/<int:visit_id>/resep/", views.prescribe, name="prescribe"),
    path("farmasi/stok/", views.stock, name="stock"),
    path("farmasi/stok/terima/", views.receive, name="receive"),
    path("farmasi/stok/distribusi/", views.transfer, name="transfer"),
    path("farmasi/stok/opname/", views.opname, name="opname"),
    path("farmasi/stok/<slug:drug>/", views.stock_card, name="stock_card"),
]
