from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from guifan.core.sessions import session_untouched

from . import progress, services
from .constants import JobKind, JobState
from .domain import InvalidTransition
from .selectors import jobs_visible_to

PAGE_SIZE = 50
RESULT_TEMPLATES = {
    JobKind.IMPORT_INSTITUTIONS: "registry/import_result.html",
    JobKind.CHECK_REPORTS: "reports/batch_result.html",
    JobKind.EXPORT_INSTITUTIONS: "registry/export_result.html",
}
# Where a user goes to start another job of the same kind.
AGAIN = {
    JobKind.IMPORT_INSTITUTIONS: ("registry:import", "再导入一个文件"),
    JobKind.CHECK_REPORTS: ("reports:batch", "再检查一批报告"),
    JobKind.EXPORT_INSTITUTIONS: ("registry:list", "返回机构名录"),
}


@require_safe
def job_list(request: HttpRequest) -> HttpResponse:
    services.jobs_fail_interrupted()
    page = Paginator(jobs_visible_to(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "jobs/job_list.html", {"page": page})


@require_safe
def job_detail(request: HttpRequest, pk) -> HttpResponse:
    services.jobs_fail_interrupted()
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    state = progress.read(services.progress_path(job))
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job": job,
            "progress": state,
            "progress_text": progress_text(job, state),
            "result_template": RESULT_TEMPLATES[job.kind],
            "again": AGAIN[job.kind],
        },
    )


@require_safe
def job_download(request: HttpRequest, pk) -> FileResponse:
    """The file a finished job made (an export): its submitter's alone, like the job."""
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk, state=JobState.DONE)
    path = services.output_path(job)
    if not job.output_name or not path.exists():
        raise Http404("该任务没有生成文件")
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.output_name)


@require_safe
@session_untouched
def job_progress(request: HttpRequest, pk) -> JsonResponse:
    """Polled by the job page every few seconds: where the job stands, as numbers and as a sentence."""
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    if services.jobs_fail_interrupted(job):  # an open page learns of a dead worker too
        job.refresh_from_db()
    state = progress.read(services.progress_path(job))
    return JsonResponse(
        {
            "state": job.state,
            "finished": job.finished,
            "done": state.done,
            "total": state.total,
            "percent": state.percent,
            "text": progress_text(job, state),
        }
    )


@require_POST
def job_retry(request: HttpRequest, pk) -> HttpResponse:
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk, state=JobState.FAILED)
    try:
        services.job_retry(by=request.user, job=job)
    except InvalidTransition:
        messages.info(request, "该任务已经重新提交。")
    else:
        messages.success(request, "已重新提交，正在排队处理。")
    return redirect("jobs:detail", pk=job.pk)


def progress_text(job, state: progress.Progress) -> str:
    if job.state == JobState.QUEUED:
        return "排队中，等待后台处理进程领取……"
    if job.finished:
        return f"{job.get_state_display()}。"
    stage = state.stage or "处理中"
    if state.total:
        return f"{stage}：已处理 {state.done} / {state.total}（{state.percent}%）"
    return f"{stage}：已处理 {state.done}"
