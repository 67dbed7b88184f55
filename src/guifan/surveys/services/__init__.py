"""Writes of surveys. `answers`: links, online answers, paper entry, tallies; `setup`: creating,
setting up, copying and closing a questionnaire."""

from .answers import (
    SurveyError,
    device_submitted,
    distribution_create,
    lock_accepting,
    paper_response_enter,
    questionnaire_create,
    response_submit,
    tallies_enter,
)
from .setup import (
    questionnaire_close,
    questionnaire_copy_to_year,
    questionnaire_create_from,
    questionnaire_update,
)

__all__ = [
    "SurveyError",
    "device_submitted",
    "distribution_create",
    "lock_accepting",
    "paper_response_enter",
    "questionnaire_close",
    "questionnaire_copy_to_year",
    "questionnaire_create",
    "questionnaire_create_from",
    "questionnaire_update",
    "response_submit",
    "tallies_enter",
]
