from django import forms

from guifan.core.dates import shift_years
from guifan.core.forms import Form, ModelForm, YuanField
from guifan.core.money import format_wan
from guifan.regions.selectors import counties

from . import domain
from .constants import EntryKind
from .models import FundingSource, MultiYearPlan, Programme
from .selectors import spendable_sources

DATE_HINT = "如 2022-08-05"
YEAR_RANGE = "年度应在2000年至2100年之间，如 2023"


class ProgrammeForm(ModelForm):
    subsidy_standard = YuanField(label="补助标准（元/家）", help_text="如 20000")
    counties = forms.ModelMultipleChoiceField(
        label="任务县区", queryset=counties(), widget=forms.CheckboxSelectMultiple, help_text="可多选"
    )

    class Meta:
        model = Programme
        fields = [
            "year",
            "name",
            "implementing_unit",
            "notice_number",
            "subsidy_standard",
            "annual_target",
            "execution_start",
            "execution_end",
            "plan",
        ]
        help_texts = {
            "year": "如 2023",
            "notice_number": "如 昆残综字〔2022〕7号",
            "execution_start": DATE_HINT,
            "execution_end": DATE_HINT,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget = forms.TextInput(attrs={"inputmode": "numeric", "class": "input--short"})
        for bound in ("min_value", "max_value"):
            self.fields["year"].error_messages[bound] = YEAR_RANGE
        self.fields["annual_target"].error_messages["min_value"] = "年度目标不能为负数"
        self.fields["plan"].queryset = MultiYearPlan.objects.all()
        self.fields["plan"].empty_label = "不属于多年度规划"

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not 2000 <= year <= 2100:
            raise forms.ValidationError(YEAR_RANGE)
        if Programme.objects.filter(year=year).exists():
            raise forms.ValidationError(f"{year}年度项目已存在，不能重复新建")
        return year

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("execution_start"), cleaned.get("execution_end")
        if start and end and end < start:
            self.add_error("execution_end", "执行期结束不能早于开始")
        return cleaned


class ProgrammeStartForm(ProgrammeForm):
    """新建年度项目 from an earlier year: its settings prefilled, the new notice and budget asked for."""

    source_document = forms.CharField(label="预算文号", max_length=100, help_text="如 昆财社〔2023〕12号")
    source_title = forms.CharField(label="预算文件标题", max_length=200, required=False)
    source_budget = YuanField(label="预算金额（元）", help_text="本年度预算，如 120000")

    field_order = [
        "year",
        "name",
        "implementing_unit",
        "notice_number",
        "source_document",
        "source_title",
        "source_budget",
        "subsidy_standard",
        "annual_target",
        "plan",
        "execution_start",
        "execution_end",
        "counties",
    ]

    def __init__(self, *args, previous: Programme, **kwargs):
        year = previous.year + 1
        kwargs["initial"] = {
            "year": year,
            "name": domain.next_name(previous.name, previous.year, year),
            "implementing_unit": previous.implementing_unit,
            "subsidy_standard": previous.subsidy_standard,
            "annual_target": previous.annual_target,
            "execution_start": shift_years(previous.execution_start, 1),
            "execution_end": shift_years(previous.execution_end, 1),
            "plan": previous.plan_id,
            "counties": list(previous.counties.values_list("pk", flat=True)),
        }
        super().__init__(*args, **kwargs)
        self.previous = previous
        self.order_fields(self.field_order)
        self.fields["notice_number"].required = True
        self.fields["notice_number"].help_text = f"本年度的通知文号，如 昆残综字〔{year}〕7号"
        self.fields["annual_target"].help_text = f"{previous.year}年度为{previous.annual_target}家"


class SourceForm(Form):
    document = forms.CharField(label="预算文号", max_length=100, help_text="如 昆财社〔2022〕40号")
    title = forms.CharField(label="文件标题", max_length=200, required=False)
    budget = YuanField(label="预算金额（元）", help_text="如 160000")


class EntryForm(Form):
    """The fields every movement has; subclasses add what their kind needs."""

    date = forms.DateField(label="日期", help_text=DATE_HINT)
    amount = YuanField(label="金额（元）", help_text="最多两位小数，如 20000")

    def __init__(self, *args, programme: Programme, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme, self.user = programme, user
        if "source" in self.fields:
            self.fields["source"].queryset = self.source_choices()
            self.fields["source"].label_from_instance = lambda s: f"{s.programme.year}年度 {s.document}"
        if "county" in self.fields:
            self.fields["county"].queryset = programme.counties.all()

    def source_choices(self):
        return FundingSource.objects.select_related("programme").filter(programme=self.programme)

    def unusable_reason(self) -> str:
        """Why this form cannot be filled in yet (an empty list to choose from), or ""."""
        if "source" in self.fields and not self.fields["source"].queryset.exists():
            return self.no_source_message()
        return ""

    def no_source_message(self) -> str:
        return f"{self.programme.year}年度还没有资金来源：请先登记资金来源（预算文号和金额）。"


class ReceiptForm(EntryForm):
    source = forms.ModelChoiceField(
        label="资金来源", queryset=FundingSource.objects.none(), empty_label="请选择"
    )
    document = forms.CharField(label="到账凭证号", max_length=100, required=False)


class TransferForm(EntryForm):
    source = forms.ModelChoiceField(
        label="资金来源", queryset=FundingSource.objects.none(), empty_label="请选择"
    )
    county = forms.ModelChoiceField(label="下拨至县区", queryset=counties(), empty_label="请选择")
    document = forms.CharField(label="下拨文号", max_length=100)


class RecoveryForm(EntryForm):
    source = forms.ModelChoiceField(
        label="资金来源", queryset=FundingSource.objects.none(), empty_label="请选择"
    )
    county = forms.ModelChoiceField(label="从哪个县区收回", queryset=counties(), empty_label="请选择")
    reason = forms.CharField(label="收回原因", max_length=500)

    def source_choices(self):
        return FundingSource.objects.select_related("programme").filter(
            programme__year__lte=self.programme.year
        )


class CarryOverForm(EntryForm):
    source = forms.ModelChoiceField(
        label="结转哪一年度的资金", queryset=FundingSource.objects.none(), empty_label="请选择"
    )
    county = forms.ModelChoiceField(label="县区", queryset=counties(), empty_label="请选择")
    document = forms.CharField(label="结转文号", max_length=100, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = counties()

    def source_choices(self):
        return FundingSource.objects.select_related("programme").filter(
            programme__year__lt=self.programme.year
        )

    def no_source_message(self) -> str:
        return f"{self.programme.year}年度以前没有资金来源，没有可结转的资金。"


class PaymentForm(EntryForm):
    enrolment = forms.ModelChoiceField(
        label="补助机构", queryset=None, empty_label="请选择", help_text="仅列出已通过验收的本县区机构"
    )
    source = forms.ModelChoiceField(
        label="使用哪一年度的资金",
        queryset=FundingSource.objects.none(),
        empty_label="请选择",
        help_text="仅列出本县区尚有结余、可用于本年度的资金；以前年度的结余须已结转到本年度",
        error_messages={"invalid_choice": "所选资金已无结余或不能用于本年度，请重新选择"},
    )
    document = forms.CharField(label="拨付凭证号", max_length=100)
    amount_reason = forms.CharField(label="金额与补助标准不同的原因", max_length=500, required=False)
    exception_reason = forms.CharField(label="本年度再次补助的例外理由", max_length=500, required=False)
    repeat_reason = forms.CharField(
        label="以前年度已获补助的例外理由",
        max_length=500,
        required=False,
        help_text="该机构在以前年度已获补助时必填，写明为何再次补助",
    )

    field_order = [
        "enrolment",
        "source",
        "date",
        "document",
        "amount",
        "amount_reason",
        "exception_reason",
        "repeat_reason",
    ]

    def __init__(self, *args, enrolments, **kwargs):
        self.spendable = spendable_sources(kwargs["user"], kwargs["programme"])
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = enrolments
        self.fields["enrolment"].label_from_instance = lambda e: e.institution.name
        self.fields["source"].label_from_instance = lambda s: (
            f"{s.programme.year}年度 {s.document}（本县区可用{format_wan(self.spendable[s.pk])}）"
        )
        self.initial.setdefault("amount", self.programme.subsidy_standard)

    def source_choices(self):
        """Only funding years the county still has money of, usable in this programme year."""
        return FundingSource.objects.select_related("programme").filter(pk__in=list(self.spendable))

    def unusable_reason(self) -> str:
        county = self.user.county.name if self.user.county else "本县区"
        if not self.fields["enrolment"].queryset.exists():
            return (
                f"{county}还没有可拨付的{self.programme.year}年度机构："
                "机构经县区审核、市级验收、公示并经理事会批准后才能拨付。"
            )
        if not self.spendable:
            return (
                f"{county}没有可用于{self.programme.year}年度拨付的资金：本年度资金尚未下拨到{county}或已拨付完；"
                f"以前年度的结余须先由市级结转到{self.programme.year}年度。"
            )
        return ""


ENTRY_FORMS: dict[str, type[EntryForm]] = {
    EntryKind.RECEIPT: ReceiptForm,
    EntryKind.TRANSFER: TransferForm,
    EntryKind.RECOVERY: RecoveryForm,
    EntryKind.CARRY_OVER: CarryOverForm,
    EntryKind.PAYMENT: PaymentForm,
}


class ReverseForm(Form):
    date = forms.DateField(label="冲销日期", help_text=DATE_HINT)
    reason = forms.CharField(label="冲销原因", max_length=500, help_text="如 凭证号录错、付错机构")
