from django.apps import AppConfig


class ImmunizationConfig(AppConfig):
    name = "ilp.immunization"
    label = "immunization"
    verbose_name = "Imunisasi"

    def ready(self):
        # The schedule is parsed once at start-up; a broken file stops the server with file and line.
        from .schedule import schedules

        schedules()
        # Each dose given at a visit goes to SATUSEHAT as Immunization (ilp.satusehat.contributors).
        from .fhir import register_contributors

        register_contributors()
