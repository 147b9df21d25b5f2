from django.apps import AppConfig


class LabConfig(AppConfig):
    name = "ilp.lab"
    label = "lab"
    verbose_name = "Laboratorium: order, spesimen, hasil, validasi"
