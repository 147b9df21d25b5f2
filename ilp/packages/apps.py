from django.apps import AppConfig


class PackagesConfig(AppConfig):
    name = "ilp.packages"
    label = "packages"

    def ready(self):
        # Definitions are parsed once at start-up; a broken file stops the server with file and line.
        from .engine.loader import registry

        registry()
