"""An open survey for a year of its own, built through the services (for view and browser tests,
since the demo's 2022 survey is closed, as a signed-off evaluation needs)."""

from datetime import date, timedelta

from django.utils import timezone

from guifan.accounts.models import User
from guifan.funds.models import Programme
from guifan.regions.models import Region
from guifan.surveys import services
from guifan.surveys.loading import template_draft
from guifan.surveys.models import Distribution, Questionnaire


def programme(year: int = 2023) -> Programme:
    found, _ = Programme.objects.get_or_create(
        year=year,
        defaults={
            "name": f"{year}年测试项目",
            "implementing_unit": "中心",
            "subsidy_standard": 2000000,
            "annual_target": 8,
        },
    )
    return found


def open_survey(
    *, year: int = 2023, opens_on: date | None = None, closes_on: date | None = None
) -> Questionnaire:
    """The shipped template as the year's survey, covering 盘龙区 and 五华区, with one shared link."""
    city = User.objects.filter(role="city_admin").first()
    found = Questionnaire.objects.filter(programme__year=year).first()
    if found:
        return found
    questionnaire = services.questionnaire_create_from(
        by=city,
        programme=programme(year),
        draft=template_draft("kunming-2022-survey"),
        opens_on=opens_on,
        closes_on=closes_on,
        surveyed_counties=Region.objects.filter(name__in=["盘龙区", "五华区"]),
    )
    services.distribution_create(
        by=city, questionnaire=questionnaire, name="共用链接（每屏一题）", one_per_screen=True
    )
    return questionnaire


def open_link(year: int = 2023) -> str:
    return str(Distribution.objects.get(questionnaire=open_survey(year=year)).slug)


def not_open_link() -> str:
    """A link of a 2024 survey that opens tomorrow."""
    questionnaire = open_survey(year=2024)
    Questionnaire.objects.filter(pk=questionnaire.pk).update(
        opens_on=timezone.localdate() + timedelta(days=1)
    )
    return open_link(2024)


def closed_link() -> str:
    """A link of a survey closed by hand."""
    questionnaire = open_survey(year=2025)
    if questionnaire.closed_at is None:
        services.questionnaire_close(
            by=User.objects.filter(role="city_admin").first(), questionnaire=questionnaire
        )
    return open_link(2025)
