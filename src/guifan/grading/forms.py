from decimal import Decimal, InvalidOperation

from django import forms

from guifan.core.forms import Form

from .constants import State
from .domain import score_error

DATE_HINT = "如 2022-07-20"


class ApplicationForm(Form):
    institution = forms.ModelChoiceField(label="申报机构", queryset=None, empty_label="请选择")
    statement = forms.CharField(
        label="申请说明",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="机构现状和建设打算，可简要填写",
    )

    def __init__(self, *args, institutions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = institutions
        if institutions.count() == 1:
            self.fields["institution"].initial = institutions.first().pk


class StatementForm(Form):
    statement = forms.CharField(
        label="申请说明",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="机构现状和建设打算；退回修改的，请按退回意见修改",
    )


class ActionForm(Form):
    comment = forms.CharField(
        label="说明",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="退回、不通过、撤回等须写明理由",
    )


class ScoreForm(Form):
    """One points/note/file triple per editable item; the template groups them in a fieldset each.

    Whether a field must be filled depends on the save choice (暂存 keeps a partial sheet; 完成评分
    needs every score and every required file), so the labels say it once, in words, instead of the
    pattern's automatic （选填）."""

    mark_optional = False

    def __init__(self, *args, items, existing, files_on_record=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        files_on_record = files_on_record or {}
        for item in items:
            score = existing.get(item.id)
            self.fields[f"points_{item.id}"] = forms.CharField(
                label=f"得分（满分{item.max_points}）",
                required=False,
                initial=score.points if score else None,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "input--short"}),
            )
            self.fields[f"note_{item.id}"] = forms.CharField(
                label="说明（选填）", required=False, max_length=500, initial=score.note if score else ""
            )
            uploaded = files_on_record.get(item.id, [])
            hint = "PDF、JPG、PNG、Word 或 Excel，10 MB 以内"
            if uploaded:
                hint = f"已上传：{'、'.join(uploaded)}。可再上传一份。{hint}"
            self.fields[f"file_{item.id}"] = forms.FileField(
                label="佐证材料（完成评分时须上传）" if item.evidence_required else "佐证材料（选填）",
                required=False,
                help_text=hint,
            )
        self.fields["complete"] = forms.TypedChoiceField(
            label="保存方式",
            widget=forms.RadioSelect,
            coerce=lambda v: v == "yes",
            initial="no",
            choices=[("no", "暂存，稍后继续评分"), ("yes", "完成评分（完成后不能再修改）")],
            help_text="暂存只保存已填写的得分，可以分几次填完；完成评分时每个条目都须有得分，"
            "标明“完成评分时须上传”的条目须有佐证材料。",
        )
        self.adapt_fields()

    def rows(self):
        """(item, points field, note field, file field) for the template."""
        return [(i, self[f"points_{i.id}"], self[f"note_{i.id}"], self[f"file_{i.id}"]) for i in self.items]

    def clean(self):
        cleaned = super().clean()
        for item in self.items:
            text = (cleaned.get(f"points_{item.id}") or "").strip()
            try:
                points = Decimal(text) if text else None
            except InvalidOperation:
                self.add_error(f"points_{item.id}", f"“{text}”不是数字（{item.code} {item.title}）")
                continue
            cleaned[f"points_{item.id}"] = points
            # Checked here too, so one non-number does not hide the other items' errors.
            if points is not None and (message := score_error(points, item.max_points)):
                self.add_error(f"points_{item.id}", f"{message}（{item.code} {item.title}）")
        return cleaned

    def scores(self) -> dict[int, tuple[Decimal | None, str]]:
        return {
            i.id: (self.cleaned_data.get(f"points_{i.id}"), self.cleaned_data.get(f"note_{i.id}", ""))
            for i in self.items
            if self.cleaned_data.get(f"points_{i.id}") is not None or self.cleaned_data.get(f"note_{i.id}")
        }

    def files_by_item(self) -> dict:
        return {i.id: f for i in self.items if (f := self.cleaned_data.get(f"file_{i.id}"))}


class RectificationRequestForm(Form):
    item = forms.ModelChoiceField(label="未达标条目", queryset=None, empty_label="请选择")
    request = forms.CharField(label="整改要求", widget=forms.Textarea(attrs={"rows": 3}))
    due = forms.DateField(label="整改期限", help_text=DATE_HINT)

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items


class RectificationResponseForm(Form):
    response = forms.CharField(
        label="整改情况", widget=forms.Textarea(attrs={"rows": 4}), help_text="说明做了哪些整改"
    )
    file = forms.FileField(
        label="整改佐证材料", required=False, help_text="照片或文件：PDF、JPG、PNG、Word 或 Excel，10 MB 以内"
    )


class BatchForm(Form):
    title = forms.CharField(label="公示标题", max_length=200)
    starts_on = forms.DateField(label="公示开始日期", help_text=DATE_HINT)
    working_days = forms.IntegerField(
        label="公示期（工作日）",
        min_value=1,
        max_value=30,
        initial=5,
        help_text="周末和已登记的法定节假日不计",
        error_messages={
            "min_value": "公示期至少1个工作日",
            "max_value": "公示期最多30个工作日",
        },
    )
    contact = forms.CharField(label="异议受理方式", max_length=300, help_text="如 受理电话、地址")
    applications = forms.ModelMultipleChoiceField(
        label="列入公示的机构",
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text="仅列出验收通过、尚未公示的机构",
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = applications
        self.fields["applications"].label_from_instance = lambda a: (
            f"{a.institution.name}（{a.county.name}，{a.score}分，{a.grade}）"
        )


class ObjectionHandleForm(Form):
    decision = forms.ChoiceField(
        label="处理结果",
        widget=forms.RadioSelect,
        choices=[
            ("dismiss", "异议不成立，继续公示"),
            ("rectify", "异议成立，退回整改"),
            ("fail", "异议成立，不予通过"),
        ],
    )
    resolution = forms.CharField(
        label="处理意见",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="异议人凭异议编号可在公开的“异议查询”页面看到处理意见，请勿写入姓名、电话等个人信息",
    )


class CouncilForm(Form):
    meeting_date = forms.DateField(label="理事会会议日期", help_text=DATE_HINT)
    number = forms.CharField(label="决定文号", max_length=100, help_text="如 昆残理〔2022〕5号")


class PublicObjectionForm(Form):
    application = forms.ModelChoiceField(
        label="对哪家机构有异议", queryset=None, widget=forms.RadioSelect, empty_label=None
    )
    content = forms.CharField(
        label="异议内容",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=2000,
        help_text="请写明事实和理由",
    )
    name = forms.CharField(label="您的姓名", required=False, max_length=50)
    contact = forms.CharField(
        label="联系方式", required=False, max_length=100, help_text="便于我们向您反馈处理结果"
    )

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = applications
        self.fields["application"].label_from_instance = lambda a: f"{a.institution.name}（{a.county.name}）"


class ObjectionLookupForm(Form):
    ref = forms.CharField(
        label="异议编号", max_length=20, help_text="提交异议后页面上给出的编号，如 2023-0001-K7QM"
    )


STATE_FILTER_CHOICES = [("", "全部状态"), *State.choices]
