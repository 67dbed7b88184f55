from django import forms

from guifan.core.archives import HostileFile, check_archive, size_limit_text
from guifan.core.forms import Form

from . import narrative

MAX_UPLOAD = 20 * 1024 * 1024


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
        label="自评报告（Word 文档，.docx）",
        help_text=(
            "不超过 20 MB。只读取文字和表格，不保存文件。"
            "能识别的表格：一级指标得分表、满意度调查表、机构名单和补助经费表、资金表、绩效自评表。"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".docx"):
            raise forms.ValidationError(
                "请上传 .docx 格式的 Word 文档（.doc 请先在 Word 或 WPS 中另存为 .docx）"
            )
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


class BatchCheckForm(Form):
    file = forms.FileField(
        label="报告压缩包（.zip）或一份 Word 文档（.docx）",
        help_text=(
            f"压缩包{size_limit_text('zip')}，最多 500 个文件，每份报告不超过 20 MB；"
            "压缩包中的 .docx 逐份检查，其他文件列为“未检查”。"
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        kind = upload.name.lower().rsplit(".", 1)[-1]
        if kind not in ("zip", "docx"):
            raise forms.ValidationError("请上传 .zip 压缩包或 .docx 格式的 Word 文档")
        try:
            check_archive(upload, kind, name=upload.name)
        except HostileFile as error:
            raise forms.ValidationError(str(error)) from error
        return upload
