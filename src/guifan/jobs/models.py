import uuid

from django.conf import settings
from django.db import models

from .constants import FINISHED, JobKind, JobState


class Job(models.Model):
    """One piece of long work started from a page: its input file, where it stands and what came of
    it. The task framework runs it; this row is what the user sees and what survives a dead worker."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("任务", max_length=32, choices=JobKind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="jobs")
    state = models.CharField("状态", max_length=16, choices=JobState.choices, default=JobState.QUEUED)
    input_name = models.CharField("上传的文件", max_length=255, blank=True)
    input_path = models.CharField(max_length=500, blank=True)
    params = models.JSONField("参数", default=dict, blank=True)  # e.g. an export's filters
    output_name = models.CharField("生成的文件", max_length=255, blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("结束时间", null=True, blank=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    task_id = models.CharField(max_length=64, blank=True)
    result = models.JSONField("结果", default=dict, blank=True)
    failure = models.TextField("失败原因", blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "后台任务"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.input_name or self.output_name}）"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED
