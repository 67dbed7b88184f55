"""The report pages of a year just created (2023: no funding source, applications, survey or
evaluation): they list what the report still lacks, with links for the city, and offer no export."""

from tests.browser.pagespec import Page


def _year_2023() -> int:
    """A fresh 2023 year with nothing set up, created through the funds service."""
    from guifan.accounts.models import User
    from guifan.funds.models import Programme
    from guifan.funds.services import programme_create

    programme = Programme.objects.filter(year=2023).first() or programme_create(
        by=User.objects.get(username="city"),
        data={
            "year": 2023,
            "name": "盲人保健按摩机构规范化建设量化分级评定",
            "implementing_unit": "昆明市残疾人综合服务中心",
            "subsidy_standard": 2_000_000,
            "annual_target": 10,
        },
        counties=[],
    )
    return programme.year


PAGES = [
    Page("report-2023-fresh", "reports:report", "city", args=(_year_2023,)),
    Page("report-2023-fresh-auditor", "reports:report", "auditor", args=(_year_2023,)),
    Page("report-narrative-2023-fresh", "reports:narrative", "city", args=(_year_2023,)),
]
NOT_PAGES: dict = {}
