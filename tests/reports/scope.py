"""Scope tests of the report pages (collected by tests/registry/test_views.py). The report is the
city's: only the city administrator and auditors reach it, for every year, a fresh one included."""

REPORT = "reports/test_report: test_only_the_city_and_auditors_reach_the_report"

SCOPE_PROVEN = {
    "reports:report": REPORT + "; reports/test_new_year: test_the_auditor_reads_a_fresh_years_report_page",
    "reports:narrative": REPORT,
    "reports:check": "reads only the uploaded file; " + REPORT,
    "reports:batch": "jobs/test_batch_check: test_the_batch_check_is_for_those_who_check_reports",
}
