from django.apps import AppConfig


class InpatientConfig(AppConfig):
    name = "ilp.inpatient"
    label = "inpatient"
    verbose_name = "Rawat inap: tempat tidur, rawat, pulang"

    def ready(self):
        # A discharged stay goes to SATUSEHAT as an Encounter of class IMP (ilp.satusehat.contributors).
        from .fhir import register_contributors

        register_contributors()
