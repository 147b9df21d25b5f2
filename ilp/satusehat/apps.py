from django.apps import AppConfig


class SatusehatConfig(AppConfig):
    name = "ilp.satusehat"
    label = "satusehat"
    verbose_name = "SATUSEHAT"
