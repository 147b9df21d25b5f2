from django.apps import AppConfig


class NutritionConfig(AppConfig):
    name = "ilp.nutrition"
    label = "nutrition"
    verbose_name = "Gizi: konseling dan PMT"
