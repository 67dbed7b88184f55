import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guifan.evaluation.rulesets import NATIONAL, choices
from guifan.reports.batch import check_file, check_path, summary_workbook
from guifan.reports.readers import ACCEPTED


class Command(BaseCommand):
    help = (
        f"检查绩效自评报告或自评表（{ACCEPTED}）：识别其中的标准表格和数字，列出前后不一致之处。"
        "可给多个文件、文件夹或 .zip，逐份检查并汇总；--xlsx 把汇总写成 Excel。"
        "退出码：0 无问题，1 有问题，2 有文件无法读取"
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="FILE_DIR_OR_ZIP")
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")
        parser.add_argument("--xlsx", metavar="SUMMARY.xlsx", help="把汇总和问题明细写入此 Excel 文件")
        parser.add_argument(
            "--rules",
            choices=[key for key, _ in choices()],
            default=NATIONAL,
            help="评分规则（默认全国通用）",
        )

    def handle(self, *args, paths: list[str], json: bool, xlsx: str | None, rules: str, **options):
        for path in paths:
            if not Path(path).exists():
                raise CommandError(f"找不到：{path}")
        if (
            len(paths) == 1
            and Path(paths[0]).is_file()
            and Path(paths[0]).suffix.lower() != ".zip"
            and not xlsx
        ):
            self._one(paths[0], json, rules)
        files = [f for path in paths for f in check_path(Path(path), name=Path(path).name, rules=rules)]
        if json:
            self.stdout.write(_dumps(files))
        else:
            for f in files:
                self._print(f)
            found = sum(1 for f in files if f["findings"])
            unreadable = sum(1 for f in files if f["status"] == "unreadable")
            self.stdout.write(f"共检查 {len(files)} 个文件：{found} 个有问题，{unreadable} 个无法检查。")
        if xlsx:
            summary_workbook(files).save(xlsx)
            self.stdout.write(f"汇总已写入 {xlsx}")
        sys.exit(
            2
            if any(f["status"] == "unreadable" for f in files)
            else 1
            if any(f["findings"] for f in files)
            else 0
        )

    def _one(self, file: str, as_json: bool, rules: str) -> None:
        result = check_file(Path(file), file, rules)
        if result["status"] == "unreadable":
            self.stderr.write(f"{file}：{result['message']}")
            sys.exit(2)
        if as_json:
            self.stdout.write(_dumps({key: result[key] for key in ("recognised", "unplaced", "findings")}))
        else:
            self._print(result)
        sys.exit(1 if result["findings"] else 0)

    def _print(self, f: dict) -> None:
        if f["status"] == "unreadable":
            self.stdout.write(f"{f['name']}：无法检查：{f['message']}")
            return
        self.stdout.write(f"{f['name']}：识别出{'、'.join(f['recognised']) or '（无标准表格）'}。")
        for item in f.get("unplaced", []):
            self.stdout.write(f"   未能识别：{item}")
        for n, x in enumerate(f["findings"], start=1):
            where = f"{n}. 【{x['rule']}】{x['location']}"
            self.stdout.write(f"{where}\n   {x['message']}（应为：{x['expected']}；实为：{x['found']}）")
        self.stdout.write(
            f"共发现{len(f['findings'])}处问题。" if f["findings"] else "未发现前后不一致之处。"
        )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)
