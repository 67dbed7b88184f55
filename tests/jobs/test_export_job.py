"""A long institution list is exported by a background job: the person's scope and filters, the
file offered on the job page to them alone."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from guifan.jobs.models import Job
from tests.factories import InstitutionFactory, region, run_jobs

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("kunming")]


@pytest.fixture
def long_list(settings):
    settings.GUIFAN_EXPORT_JOB_ROWS = 2
    for n in range(3):
        InstitutionFactory(name=f"盘龙按摩店{n}", county=region("盘龙区"))
    InstitutionFactory(name="官渡按摩店", county=region("官渡区"))


def test_a_long_list_is_exported_by_a_job_within_the_officers_scope(client, long_list, panlong_officer):
    client.force_login(panlong_officer)
    response = client.get(reverse("registry:export"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("registry:list"))
    page = client.get(reverse("registry:list")).content.decode()
    assert "在后台生成 Excel（3 家）" in page

    job_page = client.post(reverse("registry:export"))["Location"]
    run_jobs()
    page = client.get(job_page).content.decode()
    assert "已生成：3 家机构" in page
    job = Job.objects.get()
    download = client.get(reverse("jobs:download", args=[job.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="institutions-')
    assert "no-store" in download["Cache-Control"]
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content))).active
    names = sorted(row[0] for row in sheet.iter_rows(min_row=3, values_only=True))
    assert names == ["盘龙按摩店0", "盘龙按摩店1", "盘龙按摩店2"]


def test_the_filters_of_the_list_go_with_the_job(client, long_list, city_admin):
    client.force_login(city_admin)
    client.post(reverse("registry:export") + "?q=盘龙按摩店1")
    run_jobs()
    job = Job.objects.get()
    sheet = load_workbook(
        io.BytesIO(b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content))
    ).active
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["盘龙按摩店1"]


def test_the_file_is_only_the_submitters(client, long_list, city_admin, panlong_officer):
    client.force_login(city_admin)
    client.post(reverse("registry:export"))
    run_jobs()
    job = Job.objects.get()
    client.force_login(panlong_officer)
    assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
