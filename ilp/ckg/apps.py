from django.apps import AppConfig


class CkgConfig(AppConfig):
    name = "ilp.ckg"
    label = "ckg"
    verbose_name = "Cek Kesehatan Gratis (CKG)"
