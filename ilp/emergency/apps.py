from django.apps import AppConfig


class EmergencyConfig(AppConfig):
    name = "ilp.emergency"
    label = "emergency"
    verbose_name = "UGD: triase, rekam gawat darurat, disposisi"
