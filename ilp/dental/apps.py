from django.apps import AppConfig


class DentalConfig(AppConfig):
    name = "ilp.dental"
    label = "dental"
    verbose_name = "Gigi dan mulut: odontogram, DMF-T, tindakan"
