"""Base models every app builds on."""

from django.db import models


class TimeStamped(models.Model):
    """A row that knows when it was created and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class Versioned(models.Model):
    """A record corrected by new versions (ilp.core.versioning.keep_version), never overwritten blind."""

    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


from .versioning import RecordVersion  # noqa: E402,F401  (model lives in versioning; registered here)


class Sequence(models.Model):
    """A named counter: no. RM per Puskesmas, queue numbers per day, receipts, referral letters."""

    name = models.CharField(max_length=120, unique=True)
    value = models.PositiveBigIntegerField(default=0)

    class Meta:
        app_label = "core"

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
