from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guifan.evaluation.models import Evaluation
from guifan.evaluation.template_excel import write_indicators


class Command(BaseCommand):
    help = "把一份绩效自评的指标体系导出为 Excel（可修改后用 import-indicators 导入为新的指标体系）"

    def add_arguments(self, parser):
        parser.add_argument("evaluation", type=int, help="自评编号")
        parser.add_argument("-o", "--output", type=Path, required=True)

    def handle(self, *args, evaluation: int, output: Path, **options):
        item = Evaluation.objects.filter(pk=evaluation).first()
        if item is None:
            raise CommandError(f"没有编号为{evaluation}的自评")
        with output.open("wb") as handle:
            write_indicators(item, handle)
        self.stdout.write(f"已导出 {item} 到 {output}")
