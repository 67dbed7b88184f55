import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from .constants import AuditAction


class AppendOnlyError(Exception):
    """The audit trail is never edited or deleted; a mistake is corrected by a new change."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("操作记录只能追加，不能修改")

    def delete(self):
        raise AppendOnlyError("操作记录只能追加，不能删除")


class AuditEvent(models.Model):
    """Who changed which record when, with each field's old and new value."""

    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField("操作", max_length=20, choices=AuditAction.choices)
    content_type = models.ForeignKey(ContentType, verbose_name="对象类型", on_delete=models.PROTECT)
    object_id = models.CharField("对象编号", max_length=64)
    object_repr = models.CharField("对象", max_length=200)
    changes = models.JSONField("变更", default=dict)
    batch = models.UUIDField("批次", null=True, blank=True, db_index=True)
    note = models.CharField("说明", max_length=500, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "操作记录"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("操作记录只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("操作记录只能追加，不能删除")


def new_batch() -> uuid.UUID:
    return uuid.uuid4()
