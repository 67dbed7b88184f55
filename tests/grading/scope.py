"""Scope tests of the grading pages added for the second year (see tests/registry/test_views.py)."""

STANDARDS = "grading: test_every_role_reads_the_standard_and_only_the_city_changes_it"

SCOPE_PROVEN = {
    "grading:statement": (
        "grading: test_the_statement_cannot_change_once_submitted_nor_by_another_institution"
    ),
    "grading:standards": STANDARDS,
    "grading:standard": STANDARDS,
    "grading:standard_new": STANDARDS,
    "grading:standard_edit": STANDARDS,
    "grading:standard_items": STANDARDS,
    "publicity:objection": "public: test_the_objection_page_shows_status_and_outcome_but_no_personal_data",
    "publicity:objection_status": (
        "public: test_the_objection_page_shows_status_and_outcome_but_no_personal_data"
    ),
}
