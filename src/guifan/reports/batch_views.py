"""批量检查: many reports at once, as a background job (the single check stays on its own page)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from guifan.core.exceptions import ScopeViolation
from guifan.jobs.constants import JobKind
from guifan.jobs.services import job_submit

from .batch import SUMMARY_NAME
from .forms import BatchCheckForm
from .views import CHECKERS


@require_http_methods(["GET", "POST"])
def batch_check(request: HttpRequest) -> HttpResponse:
    if request.user.role not in CHECKERS:
        raise ScopeViolation("无权使用报告检查")
    form = BatchCheckForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_submit(
            by=request.user,
            kind=JobKind.CHECK_REPORTS,
            upload=form.cleaned_data["file"],
            params={"rules": form.cleaned_data["rules"]},
            output_name=SUMMARY_NAME,
        )
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "reports/batch.html", {"form": form})
