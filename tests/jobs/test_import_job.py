"""The institution import through the page, as a background job run by the real worker."""

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from guifan.jobs import services
from guifan.jobs.constants import JobState
from guifan.jobs.domain import InvalidTransition
from guifan.jobs.models import Job
from guifan.registry.models import Institution
from tests.factories import run_jobs
from tests.registry.sheets import STANDARD_HEADER, standard_row, xlsx

# The worker recycles connections between tasks: no test transaction around it; regions reloaded.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("kunming")]


def submit(client, user, upload):
    client.force_login(user)
    response = client.post(reverse("registry:import"), {"file": upload})
    assert response.status_code == 302
    return Job.objects.get(), response["Location"]


def test_an_import_is_queued_then_run_by_the_worker_and_its_page_shows_the_result(client, city_admin):
    rows = [STANDARD_HEADER] + [standard_row(name=f"按摩店{n}", phone=f"1390000{n:04d}") for n in range(30)]
    job, location = submit(client, city_admin, xlsx(rows))
    assert location == reverse("jobs:detail", args=[job.pk])
    page = client.get(location).content.decode()
    assert "排队中" in page and 'role="status"' in page and "<progress" in page
    assert not Institution.objects.exists()

    run_jobs()

    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 1
    assert Institution.objects.count() == 30
    page = client.get(location).content.decode()
    assert "导入成功：新增 30 家机构" in page
    assert "<progress" not in page
    progress = client.get(reverse("jobs:progress", args=[job.pk])).json()
    assert progress["finished"] is True and progress["done"] == progress["total"] == 31


def test_a_file_with_bad_rows_lists_every_one_on_the_job_page_and_writes_nothing(client, city_admin):
    upload = xlsx([STANDARD_HEADER, standard_row(phone="123"), standard_row(name="另一家", county="火星区")])
    _, location = submit(client, city_admin, upload)
    run_jobs()
    page = client.get(location).content.decode()
    assert "文件有 2 处错误，未导入任何机构" in page
    assert "第 2 行" in page and "第 3 行" in page and "火星区" in page
    assert not Institution.objects.exists()
    assert Job.objects.get().state == JobState.DONE


def test_a_job_is_seen_only_by_the_person_who_submitted_it(client, city_admin, panlong_officer):
    job, location = submit(client, city_admin, xlsx([STANDARD_HEADER, standard_row()]))
    client.force_login(panlong_officer)
    assert client.get(location).status_code == 404
    assert client.get(reverse("jobs:progress", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 404
    assert "还没有后台任务" in client.get(reverse("jobs:list")).content.decode()


def test_polling_the_progress_does_not_renew_the_session(client, city_admin):
    """Every other request renews the session and so sends its cookie again; a poll does neither."""
    job, location = submit(client, city_admin, xlsx([STANDARD_HEADER, standard_row()]))
    assert "sessionid" in client.get(location).cookies
    response = client.get(reverse("jobs:progress", args=[job.pk]))
    assert response.json()["state"] == "queued"
    assert "sessionid" not in response.cookies


def test_a_job_whose_worker_died_is_failed_with_the_reason_and_can_be_retried(client, city_admin, settings):
    job, location = submit(client, city_admin, xlsx([STANDARD_HEADER, standard_row()]))
    # What a worker killed mid-import leaves: the job and its task marked running, a heartbeat
    # file that stopped changing long ago.
    settings.GUIFAN_JOB_STALE_SECONDS = 0
    DBTaskResult.objects.filter(pk=job.task_id).update(status="RUNNING")
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, started_at=job.created_at, attempts=1)

    page = client.get(location).content.decode()
    assert "任务失败" in page and "后台处理进程在处理中停止" in page
    assert DBTaskResult.objects.get(pk=job.task_id).status == "FAILED"

    assert client.post(reverse("jobs:retry", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.QUEUED
    run_jobs()
    assert "导入成功：新增 1 家机构" in client.get(location).content.decode()
    assert Job.objects.get().attempts == 2
    assert services.jobs_fail_interrupted() == 0


def test_the_progress_bar_knows_the_row_count_of_a_file_without_a_dimension(tmp_path):
    """Files written in openpyxl's write-only mode (and by some other tools) carry no <dimension>."""
    from openpyxl import Workbook

    from guifan.registry.jobs import _row_count

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for n in range(1234):
        sheet.append([f"按摩店{n}", "五华区"])
    workbook.save(tmp_path / "no-dimension.xlsx")
    assert _row_count(str(tmp_path / "no-dimension.xlsx")) == 1234
    with_dimension = xlsx([STANDARD_HEADER] + [standard_row(name=f"店{n}") for n in range(9)])
    (tmp_path / "dimension.xlsx").write_bytes(with_dimension.getvalue())
    assert _row_count(str(tmp_path / "dimension.xlsx")) == 10
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 broken")
    assert _row_count(str(tmp_path / "broken.xlsx")) is None


def test_a_job_runs_once_however_many_workers_or_clicks(client, city_admin):
    job, _ = submit(client, city_admin, xlsx([STANDARD_HEADER, standard_row()]))
    services.job_run(str(job.pk))
    services.job_run(str(job.pk))  # a second worker given the same task: nothing happens
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.attempts == 1
    assert Institution.objects.count() == 1
    Job.objects.filter(pk=job.pk).update(state=JobState.FAILED)
    services.job_retry(by=city_admin, job=job)
    queued = DBTaskResult.objects.count()
    with pytest.raises(InvalidTransition):  # a second click on 重试, from a page loaded before the first
        services.job_retry(by=city_admin, job=job)
    assert DBTaskResult.objects.count() == queued


def test_an_open_job_page_learns_that_its_worker_died(client, city_admin, settings):
    job, _ = submit(client, city_admin, xlsx([STANDARD_HEADER, standard_row()]))
    settings.GUIFAN_JOB_STALE_SECONDS = 0
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, started_at=job.created_at, attempts=1)
    state = client.get(reverse("jobs:progress", args=[job.pk])).json()
    assert state["finished"] is True and state["state"] == "failed"
