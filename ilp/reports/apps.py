from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "ilp.reports"
    label = "reports"

    def ready(self):
        # Report definitions are parsed once at start-up: a broken file stops the server, not a download.
        from .definitions import catalogue

        catalogue()
