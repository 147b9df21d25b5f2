"""No hard delete, no silent overwrite: every correction keeps the previous version with who/when/why."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _


class RecordVersion(models.Model):
    """The state of a record before a correction, and who changed it, when and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    version = models.PositiveIntegerField()
    data = models.JSONField(encoder=DjangoJSONEncoder)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT)
    changed_at = models.DateTimeField(auto_now_add=True)
    reason = models.CharField(_("alasan perubahan"), max_length=250)

    class Meta:
        app_label = "core"
        ordering = ["content_type", "object_id", "-version"]
        unique_together = [("content_type", "object_id", "version")]


def keep_version(*, instance: models.Model, actor, reason: str) -> RecordVersion:
    """Store the current saved state of `instance` before it is changed; bumps `instance.version`."""
    saved = type(instance).objects.get(pk=instance.pk)
    data = model_to_dict(saved, exclude=["id"])
    data = {k: (v.pk if isinstance(v, models.Model) else v) for k, v in data.items() if not isinstance(v, list)}
    record = RecordVersion.objects.create(
        content_type=ContentType.objects.get_for_model(instance),
        object_id=instance.pk, version=saved.version, data=data, changed_by=actor, reason=reason,
    )
    instance.version = saved.version + 1
    return record
