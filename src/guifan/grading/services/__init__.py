"""Writes of the grading workflow, one module per part of it; import from here."""

from .inspections import (
    ScoreErrors,
    inspection_begin,
    inspection_save,
    inspection_start,
    rectification_request,
    rectification_respond,
)
from .publicity import batch_publish, council_approve, objection_file, objection_handle
from .standards import review_template_for, standard_for_year, standard_new_version, standard_update
from .workflow import application_create, application_transition, application_update_statement, attach

__all__ = [
    "ScoreErrors",
    "application_create",
    "application_transition",
    "application_update_statement",
    "attach",
    "batch_publish",
    "council_approve",
    "inspection_begin",
    "inspection_save",
    "inspection_start",
    "objection_file",
    "objection_handle",
    "rectification_request",
    "rectification_respond",
    "review_template_for",
    "standard_for_year",
    "standard_new_version",
    "standard_update",
]
