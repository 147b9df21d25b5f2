"""Choices shared across apps: the five ILP clusters (KMK HK.01.07/MENKES/2015/2023)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Klaster(models.TextChoices):
    MANAJEMEN = "k1", _("Klaster 1 Manajemen")
    IBU_ANAK = "k2", _("Klaster 2 Ibu dan Anak")
    DEWASA_LANSIA = "k3", _("Klaster 3 Usia Dewasa dan Lansia")
    PENYAKIT_MENULAR = "k4", _("Klaster 4 Penanggulangan Penyakit Menular")
    LINTAS = "lintas", _("Lintas Klaster")


class Sex(models.TextChoices):
    MALE = "M", _("Laki-laki")
    FEMALE = "F", _("Perempuan")
