"""Scope tests of the evaluation pages added for the second year (see tests/registry/test_views.py)."""

FRESH_YEAR = (
    "evaluation/test_pages: "
    "test_every_page_of_a_fresh_years_unscored_evaluation_opens_for_those_who_may_read_it"
)

SCOPE_PROVEN = {
    "evaluation:new": f"{FRESH_YEAR} (city administrator only; county, inspector, operator 403)",
    "evaluation:goals": f"{FRESH_YEAR} (city administrator only; the auditor's 403 in test_goals_…)",
}
