from django.db import models


class JobKind(models.TextChoices):
    IMPORT_INSTITUTIONS = "import_institutions", "导入机构名录"
    CHECK_REPORTS = "check_reports", "批量检查自评报告"
    EXPORT_INSTITUTIONS = "export_institutions", "导出机构名录"


class JobState(models.TextChoices):
    QUEUED = "queued", "排队中"
    RUNNING = "running", "处理中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


FINISHED = (JobState.DONE, JobState.FAILED)
