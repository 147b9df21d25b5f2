"""The audit log: append-only and tamper-evident (each row carries the hash of the one before)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit row."""


class AuditEntry(models.Model):
    """Who did what to which record, when, from which address, under which scope."""

    at = models.DateTimeField(_("waktu"), db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    actor_name = models.CharField(_("pengguna"), max_length=150)
    role = models.CharField(_("peran"), max_length=20, blank=True)
    facility = models.ForeignKey("facilities.Facility", null=True, on_delete=models.PROTECT, related_name="+")
    region_code = models.CharField(max_length=20, blank=True, help_text=_("cakupan pengguna regional"))
    action = models.CharField(_("aksi"), max_length=60, db_index=True)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=40)
    patient_id = models.BigIntegerField(null=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True)
    detail = models.JSONField(default=dict)
    chain = models.CharField(max_length=40, blank=True, db_index=True,
                             help_text=_("rantai hash: satu per fasilitas, satu per wilayah regional; kosong = rantai lama"))
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("catatan audit")
        verbose_name_plural = _("log audit")

    def save(self, *args, **kwargs):
        if self.pk:
            raise AppendOnlyError("Catatan audit tidak boleh diubah.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Catatan audit tidak boleh dihapus.")


class AuditChainHead(models.Model):
    """The last hash of one chain; locked while a row is appended to it so the chain never forks.

    One chain per facility (and one per region of a regional user, one for the system): two Puskesmas
    never wait for each other's lock (decision 0024). The row with an empty `chain` is the single chain
    the log had before, kept as it was and verified as it was."""

    chain = models.CharField(max_length=40, unique=True, default="")
    last_hash = models.CharField(max_length=64)
