from django.urls import path

from . import views

app_name = "lab"
urlpatterns = [
    path("lab/", views.worklist, name="worklist"),
    path("lab/order/baru/<int:entry_id>/", views.order_create, name="order_create"),
    path("lab/order/<int:pk>/", views.order_detail, name="order_detail"),
    path("lab/order/<int:pk>/spesimen/", views.order_specimen, name="order_specimen"),
    path("lab/order/<int:pk>/hasil/", views.order_results, name="order_results"),
    path("lab/order/<int:pk>/validasi/", views.order_validate, name="order_validate"),
    path("lab/order/<int:pk>/cetak/", views.order_sheet, name="order_sheet"),
    path("lab/impor/", views.import_results, name="import_results"),
    path("lab/pasien/<int:pk>/", views.patient_results, name="patient_results"),
]
