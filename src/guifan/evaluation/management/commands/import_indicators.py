from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guifan.accounts.models import User
from guifan.evaluation.services import EvaluationError, evaluation_create
from guifan.evaluation.template_excel import read_indicators
from guifan.funds.models import Programme


class Command(BaseCommand):
    help = "从 Excel 导入指标体系，为某年度建立新的绩效自评（分值须逐级相加一致；有错则不写入）"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--name", required=True, help="指标体系名称（不含年度，年度由 --year 给出）")
        parser.add_argument("--by", default="city")

    def handle(self, *args, file: Path, year: int, name: str, by: str, **options):
        user = User.objects.filter(username=by).first()
        programme = Programme.objects.filter(year=year).first()
        if user is None or programme is None:
            raise CommandError("找不到用户或年度项目")
        with file.open("rb") as handle:
            tree, errors = read_indicators(handle)
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"文件有 {len(errors)} 处错误，未导入。")
        try:
            evaluation = evaluation_create(
                by=user,
                programme=programme,
                data={"name": name, "note": f"从 {file.name} 导入", "is_example": False, "tree": tree},
            )
        except EvaluationError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"已建立 {evaluation}（{evaluation.indicators.count()}项指标）")
