from django.apps import AppConfig


class ClinicalConfig(AppConfig):
    name = "ilp.clinical"
    label = "clinical"
