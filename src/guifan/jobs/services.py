"""Writes of jobs: submit, run, retry, and failing the jobs of a worker that died.

A job's own state (queued → running → done | failed, failed → queued on retry: domain.TRANSITIONS)
changes only through `_move`, a compare-and-set on the current state, so two workers or two retry
clicks cannot both win; it is written outside the work's transaction, so that a job whose work
rolled back still says what happened. Each kind's work is a runner in its own app (RUNNERS), called
with the job and a progress reporter; it returns the result to show."""

import logging
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.module_loading import import_string

from guifan.audit.constants import AuditAction
from guifan.audit.services import audit_record
from guifan.core.exceptions import ScopeViolation

from . import domain, progress
from .constants import JobKind, JobState
from .models import Job

log = logging.getLogger(__name__)

RUNNERS: dict[str, str] = {
    JobKind.IMPORT_INSTITUTIONS: "guifan.registry.jobs.run_import",
    JobKind.CHECK_REPORTS: "guifan.reports.batch.run_batch_check",
    JobKind.EXPORT_INSTITUTIONS: "guifan.registry.jobs.run_export",
}
Runner = Callable[[Job, progress.Reporter], dict[str, Any]]
INTERNAL_ERROR = "处理时发生内部错误，没有写入任何数据。可以重试；如仍失败，请联系管理员。"
INTERRUPTED = "后台处理进程在处理中停止（被终止或重启），没有写入任何数据。可以重试。"


def job_folder(job: Job) -> Path:
    return Path(settings.MEDIA_ROOT) / "jobs" / str(job.pk)


def progress_path(job: Job) -> Path:
    return job_folder(job) / "progress.json"


def output_path(job: Job) -> Path:
    """Where a job that makes a file (an export) writes it; the job page offers it for download."""
    return job_folder(job) / "output"


def stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "GUIFAN_JOB_STALE_SECONDS", 60))


def job_submit(
    *,
    by,
    kind: JobKind,
    upload: UploadedFile | None = None,
    params: dict | None = None,
    output_name: str = "",
) -> Job:
    """Keep the upload (if any) beside the job and queue it; the page that submitted shows its progress.

    The file is copied before the transaction: on SQLite a transaction holds the write lock, and a
    200 MB copy inside it would keep everyone else waiting."""
    from .tasks import run_job

    job = Job(kind=kind, by=by, params=params or {}, output_name=output_name)
    folder = job_folder(job)
    folder.mkdir(parents=True, exist_ok=True)
    if upload is not None:
        job.input_name = upload.name[:255]
        target = folder / f"input{Path(upload.name).suffix.lower()[:10]}"
        with target.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        job.input_path = str(target)
    try:
        with transaction.atomic():
            job.task_id = str(run_job.enqueue(str(job.pk)).id)
            job.save()
            audit_record(by=by, action=AuditAction.CREATE, obj=job, changes={}, note=f"提交后台任务：{job}")
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return job


def job_retry(*, by, job: Job) -> Job:
    """Run a failed job again on the same input."""
    from .tasks import run_job

    if job.by_id != by.pk:
        raise ScopeViolation("只能重试自己提交的任务")
    with transaction.atomic():
        _move(job, JobState.FAILED, JobState.QUEUED, failure="", result={}, started_at=None, finished_at=None)
        progress_path(job).unlink(missing_ok=True)
        task_id = str(run_job.enqueue(str(job.pk)).id)
        Job.objects.filter(pk=job.pk).update(task_id=task_id)
        audit_record(by=by, action=AuditAction.UPDATE, obj=job, changes={}, note=f"重试后台任务：{job}")
    job.refresh_from_db()
    return job


def job_run(job_id: str) -> None:
    """The task's body: claim the job, run its runner with a progress reporter, record what came of it."""
    job = Job.objects.select_related("by").get(pk=job_id)
    try:
        _move(job, JobState.QUEUED, JobState.RUNNING, started_at=timezone.now(), attempts=F("attempts") + 1)
    except domain.InvalidTransition:
        return  # run already, or retried and claimed by another worker
    try:
        runner: Runner = import_string(RUNNERS[job.kind])
        with progress.Reporter(progress_path(job)) as reporter:
            result = runner(job, reporter)
    except Exception:
        log.exception("job %s failed", job.pk)
        _finish(job, JobState.FAILED, failure=INTERNAL_ERROR)
        raise
    _finish(job, JobState.DONE, result=result)


def _finish(job: Job, state: JobState, *, result: dict | None = None, failure: str = "") -> None:
    try:
        _move(job, JobState.RUNNING, state, result=result or {}, failure=failure, finished_at=timezone.now())
    except domain.InvalidTransition:
        log.warning("job %s was no longer running when it finished (failed as interrupted?)", job.pk)


def _move(job: Job, current: JobState, target: JobState, **fields) -> None:
    """The one way a job changes state: checked against the table, and only if it is still in
    `current` (a compare-and-set, so concurrent workers or clicks cannot both move it)."""
    domain.check_transition(current, target)
    if not Job.objects.filter(pk=job.pk, state=current).update(state=target, **fields):
        raise domain.InvalidTransition(f"任务已不处于“{JobState(current).label}”状态")


def jobs_fail_interrupted(job: Job | None = None) -> int:
    """Fail the running jobs (or this one) whose worker stopped beating (killed, machine restarted).

    Their work rolled back with the worker's transaction; the task row is failed too, so the
    framework does not show it as running for ever."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - stale_after()
    running = Job.objects.filter(state=JobState.RUNNING, started_at__lt=cutoff)
    if job is not None:
        running = running.filter(pk=job.pk)
    failed = 0
    for stale in running:
        beat = progress.read(progress_path(stale)).age
        if beat is not None and beat < stale_after().total_seconds():
            continue
        with transaction.atomic():
            try:
                _move(
                    stale, JobState.RUNNING, JobState.FAILED, failure=INTERRUPTED, finished_at=timezone.now()
                )
            except domain.InvalidTransition:
                continue
            DBTaskResult.objects.filter(pk=stale.task_id, status="RUNNING").update(
                status="FAILED", finished_at=timezone.now()
            )
            failed += 1
    return failed
