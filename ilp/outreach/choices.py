"""Choices shared by the outreach models, forms and pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Meja(models.TextChoices):
    """The five tables of a Posyandu ILP session, in their default order (DOMAIN.md §6.5)."""

    PENDAFTARAN = "pendaftaran", _("Meja 1 · Pendaftaran")
    PENGUKURAN = "pengukuran", _("Meja 2 · Penimbangan dan pengukuran")
    PENCATATAN = "pencatatan", _("Meja 3 · Pencatatan")
    PELAYANAN = "pelayanan", _("Meja 4 · Pelayanan kesehatan")
    PENYULUHAN = "penyuluhan", _("Meja 5 · Penyuluhan")


class Weekday(models.IntegerChoices):
    SENIN = 0, _("Senin")
    SELASA = 1, _("Selasa")
    RABU = 2, _("Rabu")
    KAMIS = 3, _("Kamis")
    JUMAT = 4, _("Jumat")
    SABTU = 5, _("Sabtu")
    MINGGU = 6, _("Minggu")


class SyncStatus(models.TextChoices):
    ACCEPTED = "accepted", _("diterima")
    CONFLICT = "conflict", _("diterima, bentrok dengan data lain")
    REJECTED = "rejected", _("ditolak")


class IksCategory(models.TextChoices):
    SEHAT = "sehat", _("Keluarga sehat")
    PRA_SEHAT = "pra_sehat", _("Keluarga pra-sehat")
    TIDAK_SEHAT = "tidak_sehat", _("Keluarga tidak sehat")
