"""Writes of the supervision context: one function per use case, atomic and audited."""

from .grades import grade_cancel, grade_create, grade_transition, grades_award, grades_expire
from .objections import grade_objection_file, grade_objection_handle
from .reviews import (
    ReviewRejected,
    address_check_create,
    decision_record,
    notice_publish,
    review_recheck,
    review_record,
    review_rectification_answer,
    round_open,
    spot_check_create,
)

__all__ = [
    "ReviewRejected",
    "address_check_create",
    "decision_record",
    "grade_cancel",
    "grade_create",
    "grade_objection_file",
    "grade_objection_handle",
    "grade_transition",
    "grades_award",
    "grades_expire",
    "notice_publish",
    "review_recheck",
    "review_record",
    "review_rectification_answer",
    "round_open",
    "spot_check_create",
]
