from django import forms

from guifan.core.archives import HostileFile, check_archive, size_limit_text
from guifan.core.forms import Form
from guifan.evaluation import rulesets

from . import narrative
from .batch import bundle
from .readers import ACCEPTED, SUFFIXES, suffix_of

MAX_UPLOAD = 20 * 1024 * 1024
MAX_FILES = 500
RULES_HELP = (
    "全国通用规则之外，有的省份的预算一体化平台按执行率封顶自评总分、对指标偏离扣分："
    "选与报告所依据的一致的规则。"
)


def rules_field() -> forms.ChoiceField:
    """Which scoring rules the forms follow; left out (as a script may), the national ones."""
    return forms.ChoiceField(
        label="评分规则",
        choices=rulesets.choices,
        initial=rulesets.NATIONAL,
        required=False,
        help_text=RULES_HELP,
    )


class ReportForm(Form):
    format = forms.ChoiceField(
        label="文件格式",
        choices=[
            ("docx", "Word 文档（.docx），公文格式，可再编辑"),
            ("pdf", "PDF（.pdf），用于打印和存档"),
            ("html", "网页（.html），可用读屏软件阅读"),
        ],
        initial="docx",
        widget=forms.RadioSelect,
    )
    acknowledge = forms.BooleanField(
        label="我已阅读上列一致性问题，仍然导出",
        required=False,
        help_text="报告中的数字都来自系统记录；出现问题时请先核对记录或修改报告文字。",
    )


class CheckReportForm(Form):
    file = forms.FileField(
        label="自评报告或自评表（Word、WPS、Excel 或 PDF）",
        help_text=(
            "可上传 .docx、.doc、.wps、.xlsx 或有文字层的 .pdf，不超过 20 MB。只读取文字和表格，不保存文件。"
            "能识别的表格：项目支出绩效自评表（财预〔2020〕10号附件1及各省格式）、一级指标得分表、"
            "满意度调查表、机构名单和补助经费表、资金表。"
        ),
    )
    rules = rules_field()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if suffix_of(upload.name) not in SUFFIXES:
            raise forms.ValidationError(f"不支持该文件类型：请上传{ACCEPTED}文件")
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError("文件超过 20 MB")
        return upload


class NarrativeForm(Form):
    """One text area per block of the report's prose. Every block is required: each stands under a
    heading of the report, and a post that lacks a block must not blank it."""

    def __init__(self, *args, texts: dict[str, str], names: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        for block in narrative.BLOCKS:
            self.fields[block.key] = forms.CharField(
                label=block.title,
                initial=texts[block.key],
                widget=forms.Textarea(attrs={"rows": 6 if len(texts[block.key]) > 120 else 3}),
                help_text="数字请用占位符，例如 {预算金额}；每行为一段。",
            )
        self.adapt_fields()


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One file or several chosen at once (Django's pattern for <input type=file multiple>)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data] or super().clean(
                None
            )
        return [super().clean(data, initial)]


class BatchCheckForm(Form):
    file = MultipleFileField(
        label="报告压缩包（.zip），或一次选择多份报告",
        help_text=(
            f"压缩包{size_limit_text('zip')}，最多 {MAX_FILES} 个文件，每份报告不超过 20 MB；"
            ".docx、.doc、.wps、.xlsx、.pdf 逐份检查，其他文件列为“未检查”。"
        ),
    )
    rules = rules_field()

    def clean_file(self):
        uploads = self.cleaned_data["file"]
        if len(uploads) == 1:
            return self._one(uploads[0])
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(f"一次最多选择 {MAX_FILES} 份报告，请改用压缩包")
        for upload in uploads:
            if suffix_of(upload.name) not in SUFFIXES:
                raise forms.ValidationError(f"“{upload.name}”不是{ACCEPTED}文件；多份报告请只选这些格式")
            if upload.size > MAX_UPLOAD:
                raise forms.ValidationError(f"“{upload.name}”超过 20 MB")
        return bundle(uploads)

    def _one(self, upload):
        suffix = suffix_of(upload.name)
        if suffix != ".zip" and suffix not in SUFFIXES:
            raise forms.ValidationError(f"请上传 .zip 压缩包，或一份{ACCEPTED}文件")
        if upload.size > MAX_UPLOAD and suffix != ".zip":
            raise forms.ValidationError("文件超过 20 MB")
        if suffix not in (".zip", ".docx", ".xlsx"):
            return upload
        try:
            check_archive(upload, suffix[1:], name=upload.name)
        except HostileFile as error:
            raise forms.ValidationError(str(error)) from error
        return upload
