from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guifan.funds.models import Programme
from guifan.reports.pdf import PdfUnavailable
from guifan.reports.services import FORMATS, ReportBlocked, report_generate


class Command(BaseCommand):
    help = "生成年度项目的绩效自评报告（docx / pdf / html）；一致性检查发现问题时不导出，除非加 --acknowledge"

    def add_arguments(self, parser):
        parser.add_argument("--programme", type=int, required=True, help="项目年度，例如 2022")
        parser.add_argument("--format", choices=sorted(FORMATS), default="docx")
        parser.add_argument("-o", "--output", help="输出文件（默认 self-evaluation-年度.格式）")
        parser.add_argument("--acknowledge", action="store_true", help="已知晓一致性检查发现的问题，仍然导出")

    def handle(self, *args, programme: int, format: str, output: str | None, acknowledge: bool, **options):
        found = Programme.objects.filter(year=programme).first()
        if found is None:
            raise CommandError(f"没有{programme}年度项目")
        try:
            report = report_generate(by=None, programme=found, fmt=format, acknowledge=acknowledge)
        except ReportBlocked as blocked:
            for finding in blocked.findings:
                self.stderr.write(str(finding))
            raise CommandError(f"{blocked}（加 --acknowledge 仍然导出）") from blocked
        except PdfUnavailable as error:
            raise CommandError(str(error)) from error
        target = Path(output or report.filename)
        target.write_bytes(report.content)
        for finding in report.findings:
            self.stderr.write(f"已确认：{finding}")
        self.stdout.write(
            f"已生成 {target}（{len(report.content):,} 字节），一致性检查发现 {len(report.findings)} 处问题"
        )
