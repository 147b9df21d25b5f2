from django.apps import AppConfig


class VisitsConfig(AppConfig):
    name = "ilp.visits"
    label = "visits"
