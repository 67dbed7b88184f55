from django.conf import settings
from django.db import models
from django.db.models import Q

from guifan.core.models import TimeStampedModel

from .constants import CheckMethod, InspectionKind, ObjectionStatus, StandardKind, State


class Standard(models.Model):
    """A version of the grading standard. Frozen once an inspection uses it: changes make a new version."""

    name = models.CharField("标准名称", max_length=200)
    version = models.PositiveIntegerField("版本", default=1)
    # A review checklist (年审检查表) is versioned, edited and frozen like the grading standard;
    # its bands are the review's suggested outcomes (保持 / 限期整改 / …), not grades.
    kind = models.CharField("类别", max_length=10, choices=StandardKind.choices, default=StandardKind.GRADING)
    effective_year = models.PositiveSmallIntegerField("施行年度")
    bands = models.JSONField("等级划分", default=list, help_text='[{"minimum": "90", "grade": "一级"}, …]')
    is_example = models.BooleanField("示例文本", default=False)
    frozen = models.BooleanField("已冻结", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "评定标准"
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="standard_version_unique")]

    def __str__(self) -> str:
        return f"{self.name}（第{self.version}版）"


class StandardItem(models.Model):
    """A section (max_points None) or a scored item of a standard."""

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="items")
    section = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name="所属部分",
    )
    code = models.CharField("编号", max_length=20)
    title = models.CharField("名称", max_length=200)
    requirement = models.TextField("要求", blank=True)
    max_points = models.DecimalField("满分", max_digits=5, decimal_places=1, null=True, blank=True)
    check_method = models.CharField("检查方式", max_length=20, choices=CheckMethod.choices, blank=True)
    evidence_required = models.BooleanField("须提供佐证", default=False)
    veto = models.BooleanField("一票否决", default=False)
    order = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "标准条目"
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["standard", "code"], name="standard_item_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        if self.standard.frozen:
            raise ValueError("该标准已用于评分，不能修改；请修订为新版本")
        super().save(*args, **kwargs)

    @property
    def is_section(self) -> bool:
        return self.max_points is None


class Application(TimeStampedModel):
    """An institution's application in a programme year, moved only by `application_transition`."""

    enrolment = models.OneToOneField(
        "funds.Enrolment", verbose_name="参加机构", on_delete=models.PROTECT, related_name="application"
    )
    programme = models.ForeignKey(
        "funds.Programme", verbose_name="年度项目", on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "registry.Institution", verbose_name="机构", on_delete=models.PROTECT, related_name="applications"
    )
    county = models.ForeignKey(
        "regions.Region", verbose_name="县区", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField("状态", max_length=30, choices=State.choices, default=State.DRAFT, db_index=True)
    standard = models.ForeignKey(
        Standard, verbose_name="评定标准", on_delete=models.PROTECT, related_name="+"
    )
    statement = models.TextField("申请说明", blank=True)
    score = models.DecimalField("验收得分", max_digits=5, decimal_places=1, null=True, blank=True)
    grade = models.CharField("评定等级", max_length=20, blank=True)
    batch = models.ForeignKey(
        "PublicityBatch",
        verbose_name="公示批次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    decision = models.ForeignKey(
        "CouncilDecision",
        verbose_name="理事会决定",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    state_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "申请"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "institution"], name="application_once_per_programme"
            )
        ]
        indexes = [
            models.Index(fields=["programme", "county", "state"]),
            # A year's count by state (the home pages' tasks): SQLite otherwise walks the state
            # index over every year's applications.
            models.Index(fields=["programme", "state"], name="application_programme_state"),
        ]

    def __str__(self) -> str:
        return f"{self.programme.year}年 {self.institution.name}"


class Transition(models.Model):
    """Who moved an application from which state to which, when and why. Append-only."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField("操作", max_length=30)
    from_state = models.CharField("原状态", max_length=30, choices=State.choices)
    to_state = models.CharField("新状态", max_length=30, choices=State.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    by_label = models.CharField("操作人", max_length=100, blank=True)  # "社会公众" when no account
    at = models.DateTimeField("记录时间", auto_now_add=True)
    # The day the step happened (an inspection's date, the council's meeting), which may be earlier
    # than the moment it was recorded.
    on = models.DateField("办理日期", null=True)
    comment = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "流转记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_from_state_display()} → {self.get_to_state_display()}"


class StoredUpload(models.Model):
    """A checked upload (`core.uploads.stored_fields` gives these fields), served only through a
    scoped view, never as public media. Subclasses say where the file goes and what it belongs to."""

    file = models.FileField("文件", upload_to="evidence/%Y/%m/")
    original_name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name


class Attachment(StoredUpload):
    """An uploaded file: application material, inspection evidence or rectification evidence."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="attachments")
    item = models.ForeignKey(StandardItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField("用途", max_length=30)

    class Meta:
        verbose_name = verbose_name_plural = "附件"


class Inspection(models.Model):
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="inspections")
    kind = models.CharField("类别", max_length=20, choices=InspectionKind.choices)
    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    on = models.DateField("检查日期")
    total = models.DecimalField("总分", max_digits=5, decimal_places=1, default=0)
    grade = models.CharField("等级", max_length=20, blank=True)
    veto_failed = models.BooleanField("一票否决", default=False)
    completed = models.BooleanField("已完成", default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "检查"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on}"


class ItemScore(models.Model):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(StandardItem, on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("得分", max_digits=5, decimal_places=1)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "条目得分"
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="one_score_per_item"),
            models.CheckConstraint(name="score_not_negative", condition=Q(points__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.points}"


class Rectification(models.Model):
    """A rectification request tied to one failed item, with a due date, followed until done."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="rectifications")
    inspection = models.ForeignKey(Inspection, on_delete=models.PROTECT, related_name="rectifications")
    item = models.ForeignKey(StandardItem, on_delete=models.PROTECT, related_name="+")
    request = models.TextField("整改要求")
    due = models.DateField("整改期限")
    response = models.TextField("整改情况", blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    closed = models.BooleanField("已复查", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "整改"
        ordering = ["due", "id"]

    def __str__(self) -> str:
        return f"整改 {self.item_id}（{self.due}）"


class Holiday(models.Model):
    """Public holidays (as data) skipped when counting publicity working days."""

    day = models.DateField("日期", unique=True)
    name = models.CharField("名称", max_length=50)

    class Meta:
        verbose_name = verbose_name_plural = "法定节假日"

    def __str__(self) -> str:
        return f"{self.day} {self.name}"


class Publicity(models.Model):
    """A public notice for N working days (weekends and `Holiday` rows skipped), with how to object."""

    title = models.CharField("公示标题", max_length=200)
    starts_on = models.DateField("公示开始")
    ends_on = models.DateField("公示结束")
    working_days = models.PositiveSmallIntegerField("工作日数", default=5)
    contact = models.CharField("异议受理方式", max_length=300)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return self.title


class PublicityBatch(Publicity):
    programme = models.ForeignKey("funds.Programme", on_delete=models.PROTECT, related_name="+")

    class Meta(Publicity.Meta):
        verbose_name = verbose_name_plural = "公示批次"


class PublicObjection(models.Model):
    """What anyone may send against a published list, and the city's answer. The content, name and
    contact are the city's to read; the public pages show the status and the answer only."""

    content = models.TextField("异议内容")
    name = models.CharField("姓名", max_length=50, blank=True)
    contact = models.CharField("联系方式", max_length=100, blank=True)
    ip_address = models.GenericIPAddressField(null=True)
    filed_at = models.DateTimeField("提出时间", auto_now_add=True)
    status = models.CharField(
        "处理结果", max_length=20, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    resolution = models.TextField("处理意见", blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["filed_at", "id"]


class Objection(PublicObjection):
    """An objection from the public; `reference` (e.g. 2023-0001-K7QM) lets its author follow it up."""

    # NULL, not "", for rows made before numbering (tests create bare ones): unique allows many NULLs.
    reference = models.CharField("异议编号", max_length=20, unique=True, null=True)  # noqa: DJ001
    batch = models.ForeignKey(PublicityBatch, on_delete=models.PROTECT, related_name="objections")
    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="objections")

    class Meta(PublicObjection.Meta):
        verbose_name = verbose_name_plural = "异议"

    def __str__(self) -> str:
        return f"异议 {self.pk}（{self.get_status_display()}）"


class CouncilDecision(models.Model):
    programme = models.ForeignKey("funds.Programme", on_delete=models.PROTECT, related_name="+")
    meeting_date = models.DateField("会议日期")
    number = models.CharField("决定文号", max_length=100)
    validity_years = models.PositiveSmallIntegerField("等级有效期（年）", default=3)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "理事会决定"

    def __str__(self) -> str:
        return self.number
