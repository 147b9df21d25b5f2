from django.apps import AppConfig


class DentalConfig(AppConfig):
    name = "ilp.dental"
    label = "dental"
    verbose_name = "Gigi dan mulut: odontogram, DMF-T, tindakan"

    def ready(self):
        # Dental treatments (ICD-9-CM) go to SATUSEHAT as Procedure (ilp.satusehat.contributors).
        from .fhir import register_contributors

        register_contributors()
