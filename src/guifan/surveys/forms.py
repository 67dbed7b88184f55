from django import forms

from guifan.core.forms import Form
from guifan.regions.selectors import counties

from .constants import QuestionKind, RespondentType


def _question_field(question) -> forms.Field:
    label = f"第{question.number}题：{question.text}"
    choices = [(str(o.id), f"{o.key}. {o.label}") for o in question.options.all()]
    if question.kind == QuestionKind.TEXT:
        return forms.CharField(
            label=label, required=question.required, widget=forms.Textarea(attrs={"rows": 3})
        )
    if question.kind == QuestionKind.MULTIPLE:
        return forms.MultipleChoiceField(
            label=label, required=question.required, choices=choices, widget=forms.CheckboxSelectMultiple
        )
    return forms.ChoiceField(
        label=label, required=question.required, choices=choices, widget=forms.RadioSelect
    )


class AnswerForm(Form):
    """The questions (all, or one per screen), and the optional respondent attributes."""

    def __init__(
        self,
        *args,
        questions,
        questionnaire,
        total: int,
        ask_attributes: bool = True,
        token: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if token:
            self.fields["token"] = forms.CharField(
                label="访问码", max_length=12, help_text="发放问卷时给您的8位访问码"
            )
        for question in questions:
            field = _question_field(question)
            field.label = f"第{question.number}题，共{total}题：{question.text}"
            self.fields[f"q{question.id}"] = field
        self.adapt_fields()
        for question in questions:
            self.fields[f"q{question.id}"].error_messages["required"] = f"请回答第{question.number}题"
        if ask_attributes and questionnaire.ask_county:
            self.fields["county"] = forms.ModelChoiceField(
                label="您所在的县（市、区）", queryset=counties(), required=False, empty_label="不愿透露"
            )
        if ask_attributes and questionnaire.ask_type:
            self.fields["respondent_type"] = forms.ChoiceField(
                label="您的身份",
                required=False,
                widget=forms.RadioSelect,
                choices=[("", "不愿透露"), *RespondentType.choices],
            )
        self.questions = questions

    def answers(self) -> dict:
        return {
            q.id: self.cleaned_data.get(f"q{q.id}")
            for q in self.questions
            if self.cleaned_data.get(f"q{q.id}") not in (None, "", [])
        }


class TallyForm(Form):
    """Counts per option for each scored question, one fieldset per question."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            for option in question.options.all():
                self.fields[f"c{question.id}_{option.key}"] = forms.IntegerField(
                    label=f"{option.key} {option.label}",
                    min_value=0,
                    initial=0,
                    error_messages={"min_value": "人数不能为负数"},
                )
        self.adapt_fields()

    def rows(self):
        return [(q, [self[f"c{q.id}_{o.key}"] for o in q.options.all()]) for q in self.questions]

    def counts(self) -> dict[int, dict[str, int]]:
        return {
            q.id: {o.key: self.cleaned_data[f"c{q.id}_{o.key}"] for o in q.options.all()}
            for q in self.questions
        }


class DistributionForm(Form):
    name = forms.CharField(label="名称", max_length=100, help_text="如 五华区机构经营者")
    county = forms.ModelChoiceField(label="发放县区", queryset=counties(), required=False, empty_label="全市")
    tokens = forms.IntegerField(
        label="一次性访问码数量",
        min_value=0,
        max_value=5000,
        initial=0,
        help_text="0 表示共用链接（每台设备限提交一次）",
    )
    one_per_screen = forms.TypedChoiceField(
        label="作答方式",
        widget=forms.RadioSelect,
        coerce=lambda v: v == "yes",
        initial="no",
        choices=[("no", "全部题目在一页"), ("yes", "每屏一题（适合手机和读屏）")],
    )
