"""Background-job pages: a job waiting for the worker (progress bar and live region), finished ones
(an import done, a batch check with findings), a failed one with its retry button, and the list."""

from pathlib import Path

from django.core.files import File

from tests.browser.pagespec import Page

SEED = Path(__file__).parents[1] / "reports" / "fixtures" / "seed-report.docx"


def _job(kind: str, path: Path, *, run: bool = True, fail: bool = False):
    from guifan.accounts.models import User
    from guifan.jobs.constants import JobState
    from guifan.jobs.models import Job
    from guifan.jobs.services import INTERRUPTED, job_submit
    from tests.factories import run_jobs

    with path.open("rb") as source:
        job = job_submit(by=User.objects.get(username="city"), kind=kind, upload=File(source, name=path.name))
    if fail:
        Job.objects.filter(pk=job.pk).update(state=JobState.FAILED, failure=INTERRUPTED)
    elif run:
        run_jobs()
    return job.pk


def _import_file(tmp: Path) -> Path:
    from tests.registry.sheets import STANDARD_HEADER, standard_row, xlsx

    path = tmp / "new-institutions.xlsx"
    path.write_bytes(xlsx([STANDARD_HEADER, standard_row(name="新开盲人按摩店")]).getvalue())
    return path


def _tmp() -> Path:
    from django.conf import settings

    folder = Path(settings.MEDIA_ROOT) / "browser-inputs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _queued_import():
    return _job("import_institutions", _import_file(_tmp()), run=False)


def _done_import():
    return _job("import_institutions", _import_file(_tmp()))


def _failed_import():
    return _job("import_institutions", _import_file(_tmp()), fail=True)


def _export():
    from guifan.accounts.models import User
    from guifan.jobs.services import job_submit
    from guifan.registry.exports import export_filename
    from tests.factories import run_jobs

    city = User.objects.get(username="city")
    job = job_submit(by=city, kind="export_institutions", params={}, output_name=export_filename())
    run_jobs()
    return job.pk


def _batch_check():
    return _job("check_reports", SEED)


PAGES = [
    Page("job-queued", "jobs:detail", "city", args=(_queued_import,)),
    Page("job-import-done", "jobs:detail", "city", args=(_done_import,)),
    Page("job-failed", "jobs:detail", "city", args=(_failed_import,)),
    Page("job-batch-check-done", "jobs:detail", "city", args=(_batch_check,)),
    Page("job-export-done", "jobs:detail", "city", args=(_export,)),
    Page("job-list", "jobs:list", "city"),
    Page("report-batch-check", "reports:batch", "city"),
]
NOT_PAGES = {
    "jobs:progress": "JSON polled by the job page (tests/jobs: test_an_import_is_queued_then_run…)",
    "jobs:retry": "POST only: the retry button on the failed-job page, checked there",
    "jobs:download": "a file (tests/jobs/test_export_job)",
}
