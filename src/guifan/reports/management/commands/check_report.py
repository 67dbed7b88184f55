import json
import sys
from dataclasses import asdict

from django.core.management.base import BaseCommand

from guifan.reports.audit import audit_file
from guifan.reports.reader import UnreadableReport


class Command(BaseCommand):
    help = (
        "检查一份 Word 格式的绩效自评报告：识别其中的标准表格和数字，列出前后不一致之处。"
        "退出码：0 无问题，1 有问题，2 无法读取"
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args, file: str, json: bool, **options):
        try:
            result = audit_file(file)
        except (UnreadableReport, OSError) as error:
            self.stderr.write(f"{file}：{error}")
            sys.exit(2)
        if json:
            self.stdout.write(_json(result))
        else:
            self.stdout.write(f"{file}：识别出{'、'.join(result.recognised) or '（无标准表格）'}。")
            for n, f in enumerate(result.findings, start=1):
                self.stdout.write(
                    f"{n}. 【{f.rule}】{f.location}\n   {f.message}（应为：{f.expected}；实为：{f.found}）"
                )
            self.stdout.write(
                f"共发现{len(result.findings)}处问题。" if result.findings else "未发现前后不一致之处。"
            )
        sys.exit(1 if result.findings else 0)


def _json(result) -> str:
    return json.dumps(
        {
            "recognised": result.recognised,
            "findings": [asdict(f) for f in result.findings],
        },
        ensure_ascii=False,
        indent=2,
    )
