from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "ilp.regions"
    label = "regions"
