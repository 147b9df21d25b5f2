from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "ilp.indicators"
    label = "indicators"

    def ready(self):
        from .definitions_loader import indicator_registry

        indicator_registry()
