from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "新建"
    UPDATE = "update", "修改"
    IMPORT = "import", "导入"
    DELETE = "delete", "删除"
    EXPORT = "export", "导出"
