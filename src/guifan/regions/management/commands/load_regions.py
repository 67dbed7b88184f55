from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from guifan.regions.loading import load_region_file
from guifan.regions.models import Region


class Command(BaseCommand):
    help = "载入一个城市的行政区划数据文件（JSON，格式见 regions/data/530100-kunming.json）"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        with transaction.atomic():
            count = load_region_file(Region, file)
        self.stdout.write(f"已载入 {count} 个区划。")
