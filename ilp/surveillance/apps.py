from django.apps import AppConfig


class SurveillanceConfig(AppConfig):
    name = "ilp.surveillance"
    label = "surveillance"
    verbose_name = "Surveilans: kasus penyakit menular, SKDR dan KLB"
