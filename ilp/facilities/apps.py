from django.apps import AppConfig


class FacilitiesConfig(AppConfig):
    name = "ilp.facilities"
    label = "facilities"
