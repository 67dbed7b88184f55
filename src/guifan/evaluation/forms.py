from django import forms

from guifan.core.forms import Form
from guifan.funds.models import Programme

from . import rulesets


class IndicatorForm(Form):
    band = forms.ChoiceField(
        label="达成程度",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("", "不按达成程度评分（计算得出或扣分）"),
            ("achieved", "达成（80%–100%）"),
            ("partly", "部分达成（50%–80%）"),
            ("not", "未达成（0–50%）"),
        ],
    )
    chosen = forms.DecimalField(
        label="得分",
        required=False,
        max_digits=6,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
        help_text="在所选达成程度的范围内",
    )
    actual_note = forms.CharField(label="完成情况", required=False, max_length=300)
    override = forms.DecimalField(
        label="人工调整后得分",
        required=False,
        max_digits=6,
        decimal_places=2,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
        help_text="仅在计算结果不合理时使用；须写明理由，报告中会列出",
    )
    override_reason = forms.CharField(label="调整理由", required=False, max_length=500)
    not_applicable = forms.TypedChoiceField(
        label="本指标是否适用",
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        initial="no",
        choices=[("no", "适用"), ("yes", "不适用（不计分，其余指标折算为百分制）")],
    )
    deviation = forms.CharField(
        label="偏差原因分析及改进措施",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="未得满分的指标必须填写",
    )


class ActionForm(Form):
    text = forms.CharField(label="整改措施", max_length=500)
    owner = forms.CharField(label="责任人", max_length=100, help_text="处室或人员")
    due = forms.DateField(label="完成期限", help_text="如 2023-12-31")


class EvaluationNewForm(Form):
    """新建绩效自评: a programme year and where its indicators come from (a template, or last year's)."""

    programme = forms.ModelChoiceField(
        label="年度项目", queryset=Programme.objects.order_by("-year"), empty_label="请选择年度"
    )
    origin = forms.ChoiceField(label="指标体系", widget=forms.RadioSelect)

    def __init__(self, *args, copies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].label_from_instance = lambda p: f"{p.year}年度 {p.name}"
        self.fields["origin"].choices = [
            *(
                (
                    f"copy-{e.pk}",
                    f"复制{e.programme.year}年度“{e.template}”（指标、指标值、分值、评分方法、数据来源和"
                    "绩效目标，不含得分）",
                )
                for e in copies
            ),
            ("national", "财政部项目支出绩效自评表（预算执行率10、产出50、效益30、满意度10）"),
            ("seed", "决策·管理·绩效（20/20/60）示例指标体系"),
        ]


class RulesForm(Form):
    scoring_rules = forms.ChoiceField(
        label="评分规则",
        choices=rulesets.choices,
        help_text="省级预算一体化平台另有规定的（执行率封顶、指标偏离扣分），选该规则；改后已计算的得分按新规则重算。",
    )


class GoalsForm(Form):
    department = forms.CharField(
        label="主管部门", required=False, max_length=100, help_text="项目主管部门（一级单位）全称"
    )
    total_goal = forms.CharField(
        label="总目标（中长期目标）",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="规划期内要达到的目标，如扶持机构数和经费",
    )
    annual_goal = forms.CharField(
        label="年度目标", widget=forms.Textarea(attrs={"rows": 3}), help_text="本年度要达到的目标"
    )
