from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guifan.accounts.models import User
from guifan.grading.excel import read_standard
from guifan.grading.services.standards import standard_import


class Command(BaseCommand):
    help = "从 Excel 导入评定标准：作为同名标准的新版本（已用于评分的旧版本保持不变）。有错则不写入。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--name", required=True, help="标准名称；已有同名标准时导入为其新版本")
        parser.add_argument("--year", type=int, required=True, help="施行年度")
        parser.add_argument("--by", default="city")

    def handle(self, *args, file: Path, name: str, year: int, by: str, **options):
        user = User.objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"找不到用户“{by}”")
        with file.open("rb") as handle:
            items, bands, errors = read_standard(handle)
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(f"文件有 {len(errors)} 处错误，未导入。")
        standard = standard_import(by=user, name=name, effective_year=year, items=items, bands=bands)
        self.stdout.write(f"已导入 {standard}")
