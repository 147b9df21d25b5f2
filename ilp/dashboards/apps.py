from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "ilp.dashboards"
    label = "dashboards"
