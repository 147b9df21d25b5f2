from django.apps import AppConfig


class ManagementConfig(AppConfig):
    name = "ilp.management"
    label = "management"
    verbose_name = "Klaster 1: SDM, aset, mutu, perencanaan, keuangan"
