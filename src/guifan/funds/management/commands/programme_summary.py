import json
from types import SimpleNamespace

from django.core.management.base import BaseCommand, CommandError

from guifan.accounts.constants import Role
from guifan.evaluation.summary import evaluations_summary
from guifan.funds.figures import programme_figures
from guifan.funds.models import Programme
from guifan.funds.summary import programme_summary
from guifan.grading.summary import grading_summary
from guifan.surveys.summary import surveys_summary


class Command(BaseCommand):
    help = "以 JSON 输出年度项目的关键数据：资金（按资金年度、按县区；单位：元）、申请各环节数量、评定等级"

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)

    def handle(self, *args, year: int, **options):
        programme = Programme.objects.filter(year=year).first()
        if programme is None:
            raise CommandError(f"没有{year}年度项目")
        city_wide = SimpleNamespace(role=Role.AUDITOR, county_id=None)
        summary = programme_summary(programme_figures(city_wide, programme))
        summary.update(grading_summary(programme))
        summary.update(surveys_summary(programme))
        summary.update(evaluations_summary(programme))
        self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
