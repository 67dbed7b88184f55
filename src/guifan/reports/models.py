from django.conf import settings
from django.db import models

from guifan.core.models import TimeStampedModel


class NarrativeBlock(TimeStampedModel):
    """One prose block of a programme's report, as edited; absent blocks use the default text."""

    programme = models.ForeignKey(
        "funds.Programme", verbose_name="年度项目", on_delete=models.CASCADE, related_name="narrative"
    )
    key = models.CharField("段落", max_length=40)
    text = models.TextField("内容", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = verbose_name_plural = "报告文字"
        constraints = [models.UniqueConstraint(fields=["programme", "key"], name="narrative_block_per_key")]

    def __str__(self) -> str:
        return f"{self.programme.year}年报告 {self.key}"
