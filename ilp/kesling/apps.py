from django.apps import AppConfig


class KeslingConfig(AppConfig):
    name = "ilp.kesling"
    label = "kesling"
    verbose_name = "Kesehatan lingkungan: inspeksi dan konseling"
