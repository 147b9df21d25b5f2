"""Surveilans: kasus penyakit menular, SKDR dan KLB."""
from django.apps import AppConfig


class SurveillanceConfig(AppConfig):
    name = "ilp.surveillance"
    label = "surveillance"
    verbose_name = "Surveilans: kasus penyakit menular, SKDR dan KLB"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from ilp.clinical.models import Condition

        from .receivers import condition_saved

        post_save.connect(condition_saved, sender=Condition, dispatch_uid="surveillance.condition_saved")
