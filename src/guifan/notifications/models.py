from django.conf import settings
from django.db import models
from django.db.models import Q

from .constants import EmailState, Event


class Notification(models.Model):
    """One message in one user's inbox. `key` makes a reminder idempotent: the same reminder to the
    same user is stored once, however often the daily job runs."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField("事项", max_length=40, choices=Event.choices)
    text = models.CharField("内容", max_length=500)
    url = models.CharField("链接", max_length=300, blank=True)
    key = models.CharField("去重键", max_length=200, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)
    email_state = models.CharField(
        "邮件", max_length=10, choices=EmailState.choices, default=EmailState.NONE, blank=True
    )
    email_attempts = models.PositiveSmallIntegerField("发送次数", default=0)
    emailed_at = models.DateTimeField("邮件发送时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key"], condition=~Q(key=""), name="notification_once_per_key"
            )
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text[:50]


class EmailChoice(models.Model):
    """An event the user also wants by e-mail (the inbox always gets every event)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_choices")
    event = models.CharField("事项", max_length=40, choices=Event.choices)

    class Meta:
        verbose_name = verbose_name_plural = "邮件提醒选择"
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="email_choice_once")]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.event}"
