from django.apps import AppConfig


class LabConfig(AppConfig):
    name = "ilp.lab"
    label = "lab"
    verbose_name = "Laboratorium: order, spesimen, hasil, validasi"

    def ready(self):
        # ServiceRequest, Specimen and DiagnosticReport of a finished visit go to SATUSEHAT (ilp.satusehat.contributors).
        from .fhir import register_contributors

        register_contributors()
