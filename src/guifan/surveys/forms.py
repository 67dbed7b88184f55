from django import forms
from django.utils import timezone

from guifan.core.forms import Form
from guifan.regions.selectors import counties

from . import domain
from .constants import QuestionKind, RespondentType


def _question_field(question) -> forms.Field:
    """The field of a question: a Question row, or the answering link's kept SheetQuestion."""
    label = f"第{question.number}题：{question.text}"
    options = question.options if isinstance(question.options, tuple) else question.options.all()
    choices = [(str(o.id), f"{o.key}. {o.label}") for o in options]
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


class LinkAnswerForm(AnswerForm):
    """The answering link's form: AnswerForm's fields, drawn by surveys/answer_fields.html in one
    template render for the whole page (Django's renderer takes one per field, widget and option,
    about half of the page's time), with the same markup as forms/field.html and the widgets."""

    def page_fields(self, part: str) -> list[dict]:
        """What answer_fields.html draws for each field of a part of the page, in order: "lead"
        (the access code), "questions", or "tail" (the respondent's county and type)."""
        questions = {f"q{q.id}" for q in self.questions}
        return [
            self._page_field(name, field)
            for name, field in self.fields.items()
            if (name in questions) == (part == "questions") and (name == "token") == (part == "lead")
        ]

    def _page_field(self, name: str, field: forms.Field) -> dict:
        bound = self[name]
        auto_id = bound.auto_id
        errors = list(bound.errors)
        shown = {
            "name": name,
            "id": auto_id,
            "label": field.label,
            "optional": not field.required and self.mark_optional,
            "help_text": field.help_text,
            "errors": errors,
            "error_text": "；".join(str(e) for e in errors),
        }
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
            value = bound.value()
            picked = (
                {str(v) for v in value}
                if isinstance(value, list | tuple)
                else {"" if value is None else str(value)}
            )
            shown["group"] = "checkbox" if isinstance(widget, forms.CheckboxSelectMultiple) else "radio"
            shown["options"] = [
                {"value": str(v), "label": label, "id": f"{auto_id}_{i}", "checked": str(v) in picked}
                for i, (v, label) in enumerate(field.choices)
            ]
            return shown
        described = [f"{auto_id}_helptext"] if field.help_text else []
        if errors:
            described.append(f"{auto_id}_error")
        shown["described"] = " ".join(described)
        value = bound.value()
        if isinstance(widget, forms.Select):
            current = "" if value is None else str(value)
            shown["select"] = [
                {"value": str(v), "label": label, "selected": str(v) == current} for v, label in field.choices
            ]
        elif isinstance(widget, forms.Textarea):
            shown["textarea"] = {"rows": widget.attrs.get("rows", 10), "cols": widget.attrs.get("cols", 40)}
            shown["value"] = "" if value is None else str(value)
        else:
            shown["input"] = {"type": widget.input_type, "maxlength": widget.attrs.get("maxlength")}
            shown["value"] = "" if value is None else str(value)
        return shown


class TallyForm(Form):
    """Counts per option for each scored question, one fieldset per question."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            for option in question.options.all():
                self.fields[f"c{question.id}_{option.key}"] = forms.IntegerField(
                    label=f"{option.key} {option.label}", min_value=0, initial=0
                )
        self.adapt_fields()
        for question in questions:  # the summary lists "E 很不满意" ten times: say which question
            where = f"第{question.number}题"
            for option in question.options.all():
                self.fields[f"c{question.id}_{option.key}"].error_messages.update(
                    min_value=f"{where}的{option.key}项人数不能为负数",
                    invalid=f"{where}的{option.key}项人数应为整数",
                    required=f"请填写{where}的{option.key}项人数（没有人选填0）",
                )

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


class CountiesField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(
            queryset=counties(),
            label="调查的县区",
            widget=forms.CheckboxSelectMultiple,
            help_text="勾选本次调查覆盖的县（市、区）；报告会据此说明哪些县区未纳入调查",
            **kwargs,
        )

    def label_from_instance(self, obj) -> str:
        return obj.name


class QuestionnaireSettingsForm(Form):
    """Title, answering dates and surveyed counties of a satisfaction survey."""

    title = forms.CharField(label="标题", max_length=200)
    opens_on = forms.DateField(
        label="开始日期", required=False, help_text="如 2023-11-01；不填则发放链接后即可作答"
    )
    closes_on = forms.DateField(
        label="截止日期",
        required=False,
        help_text="如 2023-11-30，当天仍可作答，之后自动结束；也可以随时手动关闭调查",
    )
    surveyed_counties = CountiesField()

    def clean(self):
        data = super().clean()
        error = domain.dates_error(
            opens_on=data.get("opens_on"), closes_on=data.get("closes_on"), today=timezone.localdate()
        )
        if error:
            self.add_error(error[0], error[1])
        return data


class QuestionnaireNewForm(QuestionnaireSettingsForm):
    """A new survey for a year, copying the questions, options and weights of a template or of an
    earlier year's questionnaire."""

    programme = forms.ModelChoiceField(
        label="年度",
        queryset=None,
        empty_label=None,
        help_text="该年度如已有尚未发放链接的问卷（如新建年度项目时复制的），将由新问卷替换",
    )
    source = forms.ChoiceField(label="问卷来源", widget=forms.RadioSelect)
    field_order = ["programme", "source", "title", "opens_on", "closes_on", "surveyed_counties"]

    def __init__(self, *args, programmes, templates: dict, questionnaires, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].label_from_instance = lambda p: f"{p.year}年度"
        self.fields["title"].required = False
        self.fields["title"].help_text = "不填则沿用所选问卷的标题，其中的年份改为本年度"
        self.templates, self.questionnaires = templates, {str(q.pk): q for q in questionnaires}
        self.fields["source"].choices = [
            *(
                (f"q{q.pk}", f"复制{q.programme.year}年度问卷：{q.title}（第{q.version}版）")
                for q in questionnaires
            ),
            *(
                (f"t{name}", f"模板：{draft.title}（{len(draft.questions)}题）")
                for name, draft in templates.items()
            ),
        ]
        if self.fields["source"].choices:
            self.fields["source"].initial = self.fields["source"].choices[0][0]
        self.adapt_fields()

    def draft(self) -> domain.QuestionnaireDraft:
        from .selectors import draft_of

        source = self.cleaned_data["source"]
        if source.startswith("q"):
            return draft_of(self.questionnaires[source[1:]])
        return self.templates[source[1:]]
