from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guifan.grading.excel import write_standard
from guifan.grading.models import Standard


class Command(BaseCommand):
    help = "把评定标准导出为 Excel（“条目”“等级”两张工作表），默认导出最新版本"

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", type=Path, required=True)
        # Not --version: Django's own --version (print Django's version) would clash with it.
        parser.add_argument("--standard", dest="standard_version", type=int, help="版本号，默认最新版本")
        parser.add_argument("--name", help="标准名称，默认最新版本的标准")

    def handle(self, *args, output: Path, standard_version: int | None, name: str | None, **options):
        standards = Standard.objects.order_by("-created_at", "-id")
        if name:
            standards = standards.filter(name=name)
        if standard_version:
            standards = standards.filter(version=standard_version)
        standard = standards.first()
        if standard is None:
            raise CommandError("没有找到评定标准")
        with output.open("wb") as handle:
            write_standard(standard, handle)
        self.stdout.write(f"已导出 {standard} 到 {output}")
