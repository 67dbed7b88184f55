from django.conf import settings
from django.db import models
from django.db.models import Q

from guifan.core.models import TimeStampedModel

from .constants import EntryKind


class MultiYearPlan(models.Model):
    """A plan spanning several programme years (e.g. 2022–2024: 30 institutions, 60万元)."""

    name = models.CharField("规划名称", max_length=100)
    start_year = models.PositiveSmallIntegerField("起始年度")
    end_year = models.PositiveSmallIntegerField("结束年度")
    target_institutions = models.PositiveIntegerField("计划扶持机构数")
    target_amount = models.BigIntegerField("计划经费（分）")

    class Meta:
        verbose_name = verbose_name_plural = "多年度规划"

    def __str__(self) -> str:
        return f"{self.name}（{self.start_year}—{self.end_year}）"


class Programme(TimeStampedModel):
    """One programme year (年度项目): the notice, the subsidy standard, the target and the task counties."""

    year = models.PositiveSmallIntegerField("年度", unique=True)
    name = models.CharField("项目名称", max_length=200)
    implementing_unit = models.CharField("实施单位", max_length=100)
    notice_number = models.CharField("通知文号", max_length=50, blank=True)
    subsidy_standard = models.BigIntegerField("补助标准（分/家）")
    annual_target = models.PositiveIntegerField("年度目标（家）")
    execution_start = models.DateField("执行期开始", null=True, blank=True)
    execution_end = models.DateField("执行期结束", null=True, blank=True)
    plan = models.ForeignKey(
        MultiYearPlan,
        verbose_name="所属规划",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    counties = models.ManyToManyField("regions.Region", verbose_name="任务县区", related_name="+", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "年度项目"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年 {self.name}"


class FundingSource(models.Model):
    """A budget line of one funding year (e.g. 昆财社〔2022〕40号, 16万元)."""

    programme = models.ForeignKey(
        Programme, verbose_name="年度项目", on_delete=models.PROTECT, related_name="sources"
    )
    document = models.CharField("预算文号", max_length=100)
    title = models.CharField("文件标题", max_length=200, blank=True)
    budget = models.BigIntegerField("预算金额（分）")

    class Meta:
        verbose_name = verbose_name_plural = "资金来源"
        ordering = ["-programme__year", "id"]
        constraints = [models.CheckConstraint(name="source_budget_positive", condition=Q(budget__gt=0))]

    def __str__(self) -> str:
        return f"{self.programme.year}年度 {self.document}"

    @property
    def year(self) -> int:
        return self.programme.year


class Enrolment(models.Model):
    """An institution taking part in a programme year. The grading council's approval sets
    `accepted` and `accepted_on` (the meeting date), which make it payable from that day."""

    programme = models.ForeignKey(
        Programme, verbose_name="年度项目", on_delete=models.PROTECT, related_name="enrolments"
    )
    institution = models.ForeignKey(
        "registry.Institution", verbose_name="机构", on_delete=models.PROTECT, related_name="enrolments"
    )
    accepted = models.BooleanField("已通过验收", default=False)
    accepted_on = models.DateField("验收日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "参加机构"
        constraints = [
            models.UniqueConstraint(fields=["programme", "institution"], name="enrolment_once_per_programme")
        ]

    def __str__(self) -> str:
        return f"{self.programme.year}年 {self.institution}"


class AppendOnlyLedger(Exception):
    """Ledger entries are never edited or deleted; a mistake is corrected by a reversing entry."""


class LedgerQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyLedger("资金台账只能追加，不能修改；请用冲销更正")

    def delete(self):
        raise AppendOnlyLedger("资金台账只能追加，不能删除；请用冲销更正")


class LedgerEntry(models.Model):
    """One movement of money, in fen. A reversal has the reversed entry's kind and the opposite amount."""

    kind = models.CharField("类别", max_length=20, choices=EntryKind.choices)
    source = models.ForeignKey(
        FundingSource, verbose_name="资金来源", on_delete=models.PROTECT, related_name="entries"
    )
    programme = models.ForeignKey(
        Programme, verbose_name="发生年度项目", on_delete=models.PROTECT, related_name="entries"
    )
    county = models.ForeignKey(
        "regions.Region",
        verbose_name="县区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    enrolment = models.ForeignKey(
        Enrolment,
        verbose_name="补助对象",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    institution = models.ForeignKey(
        "registry.Institution",
        verbose_name="机构",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    date = models.DateField("日期")
    document = models.CharField("文号/凭证号", max_length=100, blank=True)
    amount = models.BigIntegerField("金额（分）")
    reason = models.CharField("说明", max_length=500, blank=True)
    exception_reason = models.CharField("重复补助例外理由", max_length=500, blank=True)
    repeat_reason = models.CharField("以前年度已获补助的例外理由", max_length=500, blank=True)
    reverses = models.OneToOneField(
        "self",
        verbose_name="冲销的记录",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversal",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)

    objects = LedgerQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = "资金台账"
        ordering = ["date", "id"]
        indexes = [
            # Covers the figures' GROUP BY scans: no table access for sums and institution counts.
            models.Index(
                fields=["source", "kind", "county", "programme", "institution", "amount"],
                name="ledger_figures_cover",
            ),
            models.Index(fields=["programme", "kind"]),
            # The ledger page's two ordered ranges (selectors.LedgerKeys), city-wide and for a county.
            models.Index(fields=["programme", "date", "id"], name="ledger_programme_order"),
            models.Index(fields=["source", "programme", "date", "id"], name="ledger_source_order"),
            models.Index(fields=["county", "programme", "date", "id"], name="ledger_county_programme"),
            models.Index(fields=["county", "source", "programme", "date", "id"], name="ledger_county_source"),
        ]
        constraints = [
            models.CheckConstraint(name="entry_amount_not_zero", condition=~Q(amount=0)),
            models.CheckConstraint(
                name="entry_negative_only_as_reversal", condition=Q(amount__gt=0) | Q(reverses__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["county", "document"],
                condition=Q(kind="payment", reverses__isnull=True) & ~Q(document=""),
                name="payment_voucher_unique_in_county",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.amount / 100:.2f}元"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyLedger("资金台账只能追加，不能修改；请用冲销更正")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyLedger("资金台账只能追加，不能删除；请用冲销更正")
