from django import forms

from guifan.core.forms import Form, ModelForm, YuanField
from guifan.regions.selectors import counties

from .constants import EntryKind
from .models import FundingSource, MultiYearPlan, Programme

DATE_HINT = "如 2022-08-05"


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
        self.fields["plan"].queryset = MultiYearPlan.objects.all()
        self.fields["plan"].empty_label = "不属于多年度规划"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("execution_start"), cleaned.get("execution_end")
        if start and end and end < start:
            self.add_error("execution_end", "执行期结束不能早于开始")
        return cleaned


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


class PaymentForm(EntryForm):
    enrolment = forms.ModelChoiceField(
        label="补助机构", queryset=None, empty_label="请选择", help_text="仅列出已通过验收的本县区机构"
    )
    source = forms.ModelChoiceField(
        label="使用哪一年度的资金",
        queryset=FundingSource.objects.none(),
        empty_label="请选择",
        help_text="以前年度的资金须已结转到本年度",
    )
    document = forms.CharField(label="拨付凭证号", max_length=100)
    amount_reason = forms.CharField(label="金额与补助标准不同的原因", max_length=500, required=False)
    exception_reason = forms.CharField(label="本年度再次补助的例外理由", max_length=500, required=False)

    field_order = ["enrolment", "source", "date", "document", "amount", "amount_reason", "exception_reason"]

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = enrolments
        self.fields["enrolment"].label_from_instance = lambda e: e.institution.name
        self.initial.setdefault("amount", self.programme.subsidy_standard)

    def source_choices(self):
        return FundingSource.objects.select_related("programme").filter(
            programme__year__lte=self.programme.year
        )


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
