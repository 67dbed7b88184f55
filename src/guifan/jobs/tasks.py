"""The task the framework runs. Django 6 has the same API as `django.tasks`: moving there changes
this import and the TASKS backend path, nothing else."""

from django_tasks import task

from . import services


@task()
def run_job(job_id: str) -> None:
    services.job_run(job_id)
