from django.apps import AppConfig


class InpatientConfig(AppConfig):
    name = "ilp.inpatient"
    label = "inpatient"
    verbose_name = "Rawat inap: tempat tidur, rawat, pulang"
