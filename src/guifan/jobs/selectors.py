"""Reads of jobs: a job is its submitter's alone."""

from django.db.models import QuerySet

from .models import Job


def jobs_visible_to(user) -> QuerySet[Job]:
    return Job.objects.filter(by=user)
