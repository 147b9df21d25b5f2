from django.apps import AppConfig


class PharmacyConfig(AppConfig):
    name = "ilp.pharmacy"
    label = "pharmacy"
    verbose_name = "Farmasi: resep, stok, LPLPO"
