"""Scope tests of the job pages (collected by tests/registry/test_views.py): a job is its submitter's."""

OWN = "jobs/test_import_job: test_a_job_is_seen_only_by_the_person_who_submitted_it"

SCOPE_PROVEN = {
    "jobs:list": OWN,
    "jobs:detail": OWN,
    "jobs:progress": OWN,
    "jobs:retry": OWN,
    "jobs:download": "jobs/test_export_job: test_the_file_is_only_the_submitters",
}
