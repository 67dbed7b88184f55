"""The e-mail task, run by `guifan worker` (Django's tasks framework through django-tasks)."""

from django_tasks import task

from . import services


@task()
def send_emails(ids: list[int]) -> None:
    services.emails_send(ids)
