from django.conf import settings
from django.db import models

from guifan.core.models import TimeStampedModel

from . import rulesets


class Evaluation(TimeStampedModel):
    """A programme's copy of an indicator template, scored at year end. Frozen once signed off."""

    programme = models.ForeignKey(
        "funds.Programme", verbose_name="年度项目", on_delete=models.PROTECT, related_name="evaluations"
    )
    template = models.CharField("指标体系", max_length=100)
    note = models.TextField("说明", blank=True)
    is_example = models.BooleanField("示例指标", default=False)
    department = models.CharField("主管部门", max_length=100, blank=True)
    total_goal = models.TextField("总目标", blank=True)
    annual_goal = models.TextField("年度目标", blank=True)
    display_places = models.PositiveSmallIntegerField("显示小数位", default=2, help_text="0 表示按整数显示")
    scoring_rules = models.CharField(
        "评分规则", max_length=30, default=rulesets.NATIONAL, choices=rulesets.choices
    )
    signed_off_at = models.DateTimeField("确认时间", null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The survey figures the sign-off used (满意度得分, 满意率, questionnaires, as decimal strings), so
    # a report written later prints exactly these whatever is entered afterwards.
    survey_snapshot = models.JSONField("确认时的问卷结果", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "绩效自评"
        constraints = [
            models.UniqueConstraint(fields=["programme", "template"], name="evaluation_per_template")
        ]

    def __str__(self) -> str:
        return f"{self.programme.year}年度 {self.template}"

    @property
    def rules(self) -> rulesets.RuleSet:
        return rulesets.ruleset(self.scoring_rules)

    @property
    def frozen(self) -> bool:
        return self.signed_off_at is not None


class Indicator(models.Model):
    """A node of the indicator tree; leaves carry the target, the actual value and the score."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="indicators")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.PositiveSmallIntegerField("级别")
    code = models.CharField("编号", max_length=20)
    name = models.CharField("指标", max_length=100)
    weight = models.DecimalField("分值", max_digits=6, decimal_places=2)
    order = models.PositiveIntegerField(default=0)
    nature = models.CharField("指标性质", max_length=10, blank=True)  # ≥ ≤ = 定性
    target = models.DecimalField("年度指标值", max_digits=14, decimal_places=4, null=True, blank=True)
    unit = models.CharField("计量单位", max_length=20, blank=True)
    source = models.CharField("数据来源", max_length=40, blank=True, help_text="空：人工填报")
    method = models.CharField("评分方法", max_length=20, blank=True)
    points = models.TextField("评价要点", blank=True)
    actual = models.DecimalField("实际完成值", max_digits=14, decimal_places=4, null=True, blank=True)
    actual_note = models.CharField("完成情况", max_length=300, blank=True)
    band = models.CharField("达成程度", max_length=10, blank=True)
    score = models.DecimalField("得分", max_digits=10, decimal_places=6, null=True, blank=True)
    override = models.DecimalField("调整后得分", max_digits=10, decimal_places=6, null=True, blank=True)
    override_reason = models.CharField("调整理由", max_length=500, blank=True)
    not_applicable = models.BooleanField("不适用", default=False)
    deductions = models.JSONField("扣分", default=list, blank=True)
    deviation = models.TextField("偏差原因分析及改进措施", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "绩效指标"
        ordering = ["order"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "code"], name="indicator_code_unique")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def final(self):
        return self.override if self.override is not None else self.score

    @property
    def band_label(self) -> str:
        return {"achieved": "达成", "partly": "部分达成", "not": "未达成"}.get(self.band, "")


class Action(models.Model):
    """A rectification measure (整改措施) from the evaluation, followed until closed."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField("整改措施", max_length=500)
    owner = models.CharField("责任人", max_length=100)
    due = models.DateField("完成期限")
    closed_on = models.DateField("完成日期", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改措施"
        ordering = ["due"]

    def __str__(self) -> str:
        return self.text
