import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from guifan.core.models import TimeStampedModel

from . import domain
from .constants import QuestionKind, RespondentType, Source


class Questionnaire(TimeStampedModel):
    """A questionnaire version. Frozen once answered: a change is a new version."""

    programme = models.ForeignKey(
        "funds.Programme", verbose_name="年度项目", on_delete=models.PROTECT, related_name="questionnaires"
    )
    title = models.CharField("标题", max_length=200)
    intro = models.TextField("说明", blank=True)
    version = models.PositiveIntegerField("版本", default=1)
    preset = models.CharField("计分口径", max_length=20, default="seed")
    frozen = models.BooleanField("已冻结", default=False)
    ask_county = models.BooleanField("询问所在县区", default=True)
    ask_type = models.BooleanField("询问身份", default=True)
    surveyed_counties = models.ManyToManyField(
        "regions.Region", verbose_name="调查的县区", blank=True, related_name="+"
    )
    opens_on = models.DateField("开始日期", null=True, blank=True)
    closes_on = models.DateField("截止日期", null=True, blank=True, help_text="当天仍可作答")
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "问卷"
        ordering = ["-programme__year", "title", "-version"]

    def __str__(self) -> str:
        return f"{self.title}（第{self.version}版）"

    @property
    def state(self) -> str:
        """domain.NOT_OPEN, OPEN or CLOSED, today."""
        return domain.survey_state(
            opens_on=self.opens_on,
            closes_on=self.closes_on,
            closed=self.closed_at is not None,
            today=timezone.localdate(),
        )

    @property
    def is_closed(self) -> bool:
        """Closed by hand (closed_at) or past its close date: no answer, sheet or tally is accepted."""
        return self.state == domain.CLOSED

    @property
    def state_label(self) -> str:
        if self.closed_at is not None:
            return f"已结束（{domain.cn_date(timezone.localdate(self.closed_at))}关闭）"
        if self.state == domain.CLOSED:
            return f"已结束（截止日期{domain.cn_date(self.closes_on)}已过）"
        if self.state == domain.NOT_OPEN:
            return f"未开始（{domain.cn_date(self.opens_on)}开始）"
        return (
            f"收集中（截止{domain.cn_date(self.closes_on)}）" if self.closes_on else "收集中（未设截止日期）"
        )


class Question(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="questions")
    number = models.PositiveSmallIntegerField("题号")
    text = models.CharField("题目", max_length=300)
    kind = models.CharField("题型", max_length=20, choices=QuestionKind.choices, default=QuestionKind.SCALE)
    points = models.DecimalField(
        "分值", max_digits=6, decimal_places=3, null=True, blank=True, help_text="空：100分由计分题平分"
    )
    required = models.BooleanField("必答", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "题目"
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="question_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class Option(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    key = models.CharField("代号", max_length=2)
    label = models.CharField("选项", max_length=100)
    weight = models.DecimalField("权重", max_digits=4, decimal_places=2, default=0)

    class Meta:
        verbose_name = verbose_name_plural = "选项"
        ordering = ["key"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="option_key_unique")]

    def __str__(self) -> str:
        return f"{self.key} {self.label}"


class Distribution(models.Model):
    """A link handed out to one county or institution: with single-use tokens, or shared with a
    per-device limit."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="distributions")
    name = models.CharField("名称", max_length=100)
    slug = models.SlugField("链接代码", unique=True, default=uuid.uuid4)
    county = models.ForeignKey(
        "regions.Region",
        verbose_name="县区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uses_tokens = models.BooleanField("一次性访问码", default=False)
    per_device_limit = models.PositiveSmallIntegerField("每台设备最多提交", default=1)
    one_per_screen = models.BooleanField("每屏一题", default=False)
    active = models.BooleanField("接受作答", default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "发放批次"

    def __str__(self) -> str:
        return self.name


class Token(models.Model):
    distribution = models.ForeignKey(Distribution, on_delete=models.CASCADE, related_name="tokens")
    code = models.CharField("访问码", max_length=12, unique=True)
    used_at = models.DateTimeField("使用时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "访问码"

    def __str__(self) -> str:
        return self.code


class Response(models.Model):
    """One questionnaire filled in, online or from paper. `key` makes a submission idempotent."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="responses")
    distribution = models.ForeignKey(
        Distribution, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    token = models.OneToOneField(
        Token, null=True, blank=True, on_delete=models.PROTECT, related_name="response"
    )
    key = models.UUIDField("提交编号", unique=True, default=uuid.uuid4)
    source = models.CharField("来源", max_length=20, choices=Source.choices)
    county = models.ForeignKey(
        "regions.Region",
        verbose_name="县区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    respondent_type = models.CharField("身份", max_length=20, choices=RespondentType.choices, blank=True)
    device = models.CharField(max_length=64, blank=True, db_index=True)
    complete = models.BooleanField("已提交", default=False)
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = verbose_name_plural = "答卷"
        indexes = [
            models.Index(fields=["questionnaire", "complete", "county"]),
            # The last answer sheet submitted, which versions the computed results (answers_version).
            models.Index(fields=["questionnaire", "submitted_at"], name="response_last_of"),
            models.Index(fields=["submitted_at"], name="response_last_submitted"),
        ]

    def __str__(self) -> str:
        return str(self.key)


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "回答"
        constraints = [
            models.UniqueConstraint(fields=["response", "question", "option"], name="answer_once_per_option")
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.option_id or self.text[:20]}"


class Tally(models.Model):
    """Counts per option for one county, entered when only tallied paper results exist (the seed's case)."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT, related_name="tallies")
    county = models.ForeignKey(
        "regions.Region",
        verbose_name="县区",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="空：只有全市汇总，未分县区",
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField("人数")
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "汇总人数"
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "county", "question", "option"], name="tally_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.county_id} {self.option_id}: {self.count}"
