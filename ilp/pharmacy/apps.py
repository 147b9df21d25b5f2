from django.apps import AppConfig


class PharmacyConfig(AppConfig):
    name = "ilp.pharmacy"
    label = "pharmacy"
    verbose_name = "Farmasi: resep, stok, LPLPO"

    def ready(self):
        # Medication, MedicationRequest and MedicationDispense (drugs with a KFA code) go to SATUSEHAT.
        from .fhir import register_contributors

        register_contributors()
