"""批量检查: many reports at once, as a background job (the single check stays on its own page)."""

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from guifan.core.archives import HostileFile, check_archive, size_limit_text
from guifan.core.exceptions import ScopeViolation
from guifan.core.forms import Form
from guifan.jobs.constants import JobKind
from guifan.jobs.services import job_submit

from .views import CHECKERS


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


@require_http_methods(["GET", "POST"])
def batch_check(request: HttpRequest) -> HttpResponse:
    if request.user.role not in CHECKERS:
        raise ScopeViolation("无权使用报告检查")
    form = BatchCheckForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_submit(by=request.user, kind=JobKind.CHECK_REPORTS, upload=form.cleaned_data["file"])
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "reports/batch.html", {"form": form})
