from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from guifan.core.models import TimeStampedModel
from guifan.grading.models import Publicity, PublicObjection, StoredUpload

from . import domain
from .constants import GradeState, Outcome, ReviewKind, ReviewStatus


class Grade(TimeStampedModel):
    """An official grade: awarded by a council decision, reviewed every year, ended by expiry,
    downgrade, revocation, closure or a new grading. Moved only by `grade_transition`."""

    institution = models.ForeignKey(
        "registry.Institution", verbose_name="机构", on_delete=models.PROTECT, related_name="grades"
    )
    county = models.ForeignKey(
        "regions.Region", verbose_name="县区", on_delete=models.PROTECT, related_name="+"
    )
    application = models.OneToOneField(
        "grading.Application",
        verbose_name="评定申请",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="official_grade",
    )
    replaces = models.ForeignKey(
        "self", verbose_name="原等级", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField("等级", max_length=20)
    score = models.DecimalField("验收得分", max_digits=5, decimal_places=1, null=True, blank=True)
    standard = models.ForeignKey(
        "grading.Standard", verbose_name="评定标准", on_delete=models.PROTECT, related_name="+"
    )
    decision_number = models.CharField("决定文号", max_length=100)
    decided_on = models.DateField("批准日期")
    certificate_number = models.CharField("证书编号", max_length=30, unique=True)
    valid_from = models.DateField("有效期自")
    valid_to = models.DateField("有效期至")
    state = models.CharField("状态", max_length=20, choices=GradeState.choices, default=GradeState.VALID)
    state_changed_at = models.DateTimeField("状态变更时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "等级"
        ordering = ["-decided_on", "certificate_number"]
        indexes = [models.Index(fields=["state", "valid_to"]), models.Index(fields=["county", "state"])]

    def __str__(self) -> str:
        return f"{self.certificate_number} {self.level}"

    def get_absolute_url(self) -> str:
        return reverse("supervision:detail", args=[self.pk])

    def shown_state(self, today: date) -> str:
        return domain.shown_state(self.state, self.valid_to, today)

    @property
    def status_today(self) -> str:
        return self.status_on(timezone.localdate())

    def status_on(self, today: date) -> str:
        """Empty while the grade is in force; else what it is (已过期, 已降级 …)."""
        state = self.shown_state(today)
        return "" if state in domain.LIVE else GradeState(state).label


class GradeTransition(models.Model):
    """Who changed a grade from which state to which, when and why. Append-only."""

    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField("操作", max_length=30)
    from_state = models.CharField("原状态", max_length=20, choices=GradeState.choices)
    to_state = models.CharField("新状态", max_length=20, choices=GradeState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    by_label = models.CharField("操作人", max_length=100)
    on = models.DateField("办理日期")
    comment = models.TextField("说明", blank=True)
    at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "等级变更记录"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_from_state_display()} → {self.get_to_state_display()}"


class ReviewRound(models.Model):
    """The city's annual review (年审) of a year: every grade in force gets a review."""

    year = models.PositiveSmallIntegerField("年审年度", unique=True)
    title = models.CharField("名称", max_length=200)
    template = models.ForeignKey(
        "grading.Standard", verbose_name="年审检查表", on_delete=models.PROTECT, related_name="+"
    )
    opened_on = models.DateField("开始日期")
    due_on = models.DateField("完成期限")
    renew_to = models.DateField(
        "保持等级的有效期延至", null=True, blank=True, help_text="不填则保持等级不延长有效期"
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "年审"
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class GradeNotice(Publicity):
    """The publicity (公示) of proposed downgrades and revocations before the council decides."""

    class Meta(Publicity.Meta):
        verbose_name = verbose_name_plural = "等级变更公示"


class GradeDecision(models.Model):
    """The council's decision on a notice's proposals: the grades are lowered or revoked."""

    notice = models.OneToOneField(GradeNotice, on_delete=models.PROTECT, related_name="decision")
    meeting_date = models.DateField("会议日期")
    number = models.CharField("决定文号", max_length=100, unique=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "等级变更决定"
        ordering = ["-meeting_date", "-id"]

    def __str__(self) -> str:
        return self.number


class GradeObjection(PublicObjection):
    """An objection from the public to a proposed downgrade or revocation; `reference` (e.g.
    D2023-0001-K7QM) lets its author follow it up. Its content, name and contact are never public."""

    reference = models.CharField("异议编号", max_length=20, unique=True)
    notice = models.ForeignKey(GradeNotice, on_delete=models.PROTECT, related_name="objections")
    review = models.ForeignKey("Review", on_delete=models.PROTECT, related_name="objections")

    class Meta(PublicObjection.Meta):
        verbose_name = verbose_name_plural = "等级变更异议"

    def __str__(self) -> str:
        return f"异议 {self.reference}（{self.get_status_display()}）"


class Review(models.Model):
    """One review of one grade: in an annual round, or an unannounced spot check (暗访)."""

    grade = models.ForeignKey(Grade, verbose_name="等级", on_delete=models.PROTECT, related_name="reviews")
    round = models.ForeignKey(
        ReviewRound,
        verbose_name="年审",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    kind = models.CharField("类别", max_length=10, choices=ReviewKind.choices, default=ReviewKind.ANNUAL)
    county = models.ForeignKey(
        "regions.Region", verbose_name="县区", on_delete=models.PROTECT, related_name="+"
    )
    template = models.ForeignKey(
        "grading.Standard", verbose_name="检查表", on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        "进度", max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.PENDING
    )
    on = models.DateField("检查日期", null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="检查人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    total = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    outcome = models.CharField("结论", max_length=20, choices=Outcome.choices, blank=True)
    reason = models.TextField("理由", blank=True)
    new_level = models.CharField("降至等级", max_length=20, blank=True)
    rectification_due = models.DateField("整改期限", null=True, blank=True)
    rectification_response = models.TextField("整改情况", blank=True)
    notice = models.ForeignKey(
        GradeNotice, null=True, blank=True, on_delete=models.PROTECT, related_name="reviews"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "年审与暗访"
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "grade"], condition=Q(round__isnull=False), name="one_review_per_round"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.grade}"


class ReviewScore(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey("grading.StandardItem", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("得分", max_digits=5, decimal_places=1)
    note = models.CharField("说明", max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "年审条目得分"
        constraints = [
            models.UniqueConstraint(fields=["review", "item"], name="one_review_score_per_item"),
            models.CheckConstraint(name="review_score_not_negative", condition=Q(points__gte=0)),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.points}"


class ReviewEvidence(StoredUpload):
    """A file for one item of a review."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="evidence")
    item = models.ForeignKey(
        "grading.StandardItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField("文件", upload_to="reviews/%Y/%m/")

    class Meta:
        verbose_name = verbose_name_plural = "年审佐证"
