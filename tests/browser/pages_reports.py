"""The report pages of a year just created (2023: no funding source, applications, survey or
evaluation): they list what the report still lacks, with links for the city, and offer no export."""

from tests.browser.pagespec import Page
from tests.factories import fresh_year


def _year_2023() -> int:
    """A fresh 2023 year with nothing set up, created through the funds service."""
    programme = fresh_year(counties=())
    return programme.year


PAGES = [
    Page("report-2023-fresh", "reports:report", "city", args=(_year_2023,)),
    Page("report-2023-fresh-auditor", "reports:report", "auditor", args=(_year_2023,)),
    Page("report-narrative-2023-fresh", "reports:narrative", "city", args=(_year_2023,)),
]
NOT_PAGES: dict = {}
