from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "ilp.network"
    label = "network"
    verbose_name = "Jejaring dan IQ-Care"
