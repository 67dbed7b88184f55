from django import forms
from django.utils import timezone

from guifan.core.forms import Form
from guifan.grading import forms as grading_forms
from guifan.grading.forms import DATE_HINT, BatchForm, ScoreForm
from guifan.regions.selectors import counties

from .constants import GradeState, Outcome
from .domain import outcome_errors


class GradeFilterForm(Form):
    mark_optional = False
    county = forms.ModelChoiceField(label="县区", queryset=None, required=False, empty_label="全部县区")
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *GradeState.choices])
    q = forms.CharField(label="机构名称或证书编号", required=False, max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties()


class RegisterSearchForm(GradeFilterForm):
    level = forms.ChoiceField(label="等级", required=False)

    def __init__(self, *args, levels: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["state"]
        self.fields["q"].label = "机构名称"
        self.fields["level"].choices = [("", "全部等级"), *((lv, lv) for lv in levels)]


class VerifyForm(Form):
    number = forms.CharField(label="证书编号", max_length=30, help_text="证书上印的编号，如 530100-2022-001")


class RoundForm(Form):
    year = forms.IntegerField(label="年审年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="名称", max_length=200, help_text="如 2023年度盲人保健按摩机构等级年审")
    opened_on = forms.DateField(label="开始日期", help_text=DATE_HINT)
    due_on = forms.DateField(label="完成期限", help_text=DATE_HINT)
    renew_to = forms.DateField(
        label="年审保持的等级有效期延至",
        required=False,
        help_text="不填则不延长；填写后，年审结论为“保持”的等级有效期延至该日",
    )


class CancelForm(Form):
    reason = forms.CharField(
        label="注销理由",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="如 机构已停业（附停业证明日期）、已迁出本市",
    )
    on = forms.DateField(label="注销日期", help_text=DATE_HINT)


class OutcomeFields(Form):
    """The outcome part of a review or a re-check."""

    outcome = forms.ChoiceField(label="结论", widget=forms.RadioSelect, choices=Outcome.choices)
    reason = forms.CharField(
        label="理由",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="保持以外的结论须写明扣分条目和事实",
    )
    new_level = forms.ChoiceField(label="降至等级", required=False, help_text="结论为“降级”时选择")

    def __init__(self, *args, lower: list[str], outcomes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_level"].choices = [("", "请选择"), *((lv, lv) for lv in lower)]
        if outcomes is not None:
            self.fields["outcome"].choices = [c for c in Outcome.choices if c[0] in outcomes]


class ReviewForm(ScoreForm):
    """Every item of the checklist, then the date and the outcome, in one submission."""

    def __init__(self, *args, lower: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.lower = lower
        del self.fields["complete"]
        for item in self.items:
            field = self.fields[f"file_{item.id}"]
            field.label = "佐证材料（须上传）" if item.evidence_required else "佐证材料（选填）"
        self.fields["on"] = forms.DateField(label="检查日期", help_text=DATE_HINT)
        outcome = OutcomeFields(lower=lower)
        self.fields["outcome"] = outcome.fields["outcome"]
        self.fields["reason"] = outcome.fields["reason"]
        self.fields["new_level"] = outcome.fields["new_level"]
        self.fields["due"] = forms.DateField(
            label="整改期限", required=False, help_text="结论为“限期整改”时填写，" + DATE_HINT
        )
        self.adapt_fields()

    def clean(self):
        """Every missing score and required file at once: a review is recorded whole."""
        cleaned = super().clean()
        for item in self.items:
            name = f"points_{item.id}"
            if name not in self.errors and cleaned.get(name) is None:
                self.add_error(name, f"请填写得分（{item.code} {item.title}）")
            if item.evidence_required and not cleaned.get(f"file_{item.id}"):
                self.add_error(f"file_{item.id}", f"请上传“{item.title}”的佐证材料：本条须有佐证")
        if outcome := cleaned.get("outcome"):
            errors = outcome_errors(
                outcome=outcome,
                reason=cleaned.get("reason", ""),
                new_level=cleaned.get("new_level", ""),
                lower=self.lower,
                due=cleaned.get("due"),
                today=timezone.localdate(),
            )
            for name, message in errors.items():
                if name not in self.errors:
                    self.add_error(name, message)
        return cleaned


class ResponseForm(Form):
    response = forms.CharField(
        label="整改情况", widget=forms.Textarea(attrs={"rows": 4}), help_text="说明针对年审意见做了哪些整改"
    )


class NoticeForm(BatchForm):
    def __init__(self, *args, reviews, **kwargs):
        super().__init__(*args, applications=reviews, **kwargs)
        field = self.fields.pop("applications")
        field.label = "列入公示的等级变更"
        field.help_text = "仅列出年审或暗访结论为降级、撤销，尚未公示的"
        field.label_from_instance = lambda r: (
            f"{r.grade.institution.name}（{r.county.name}）：{r.grade.level}"
            + (f"降为{r.new_level}" if r.outcome == Outcome.DOWNGRADE else "，撤销等级")
        )
        self.fields["reviews"] = field


class DecisionForm(Form):
    meeting_date = forms.DateField(label="理事会会议日期", help_text=DATE_HINT)
    number = forms.CharField(label="决定文号", max_length=100, help_text="如 昆残理〔2023〕5号")


class PublicObjectionForm(grading_forms.PublicObjectionForm):
    """The grading notice's objection form, naming the proposed grade changes instead."""

    def __init__(self, *args, reviews, **kwargs):
        super().__init__(*args, applications=reviews, **kwargs)
        review = self.fields.pop("application")
        review.label = "对哪家机构的等级变更有异议"
        review.label_from_instance = lambda r: f"{r.grade.institution.name}（{r.county.name}）"
        self.fields = {"review": review, **self.fields}


class ObjectionLookupForm(grading_forms.ObjectionLookupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ref"].help_text = "提交异议后页面上给出的编号，如 D2023-0001-K7QM"


class ObjectionHandleForm(Form):
    decision = forms.ChoiceField(
        label="处理结果",
        widget=forms.RadioSelect,
        choices=[
            ("dismiss", "异议不成立，按公示报理事会决定"),
            ("uphold", "异议成立，撤回降级或撤销，维持原等级"),
        ],
    )
    resolution = forms.CharField(
        label="处理意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="异议人凭异议编号可在公开的“异议查询”页面看到处理意见，请勿写入姓名、电话等个人信息",
    )
