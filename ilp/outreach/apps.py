from django.apps import AppConfig


class OutreachConfig(AppConfig):
    name = "ilp.outreach"
    label = "outreach"
    verbose_name = "Layanan luar gedung"
