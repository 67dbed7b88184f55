from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from guifan.accounts.models import User
from guifan.registry.services import ImportRejected, institutions_import


class Command(BaseCommand):
    help = (
        "从 .xlsx 文件导入机构（全部正确才导入；有错则不写入任何数据并列出每处错误）。"
        "退出码：0 成功，1 有错误行，2 无法读取"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--by", default="city", help="以哪个用户的名义导入（记入操作记录），默认 city")

    def handle(self, *args, file: Path, by: str, **options):
        user = User.objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"找不到用户“{by}”；请用 --by 指定一个市级管理员或县区经办账户")
        if not file.exists():
            raise CommandError(f"找不到文件：{file}")
        try:
            with file.open("rb") as handle:
                result = institutions_import(by=user, source=handle)
        except ImportRejected as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            if exc.unreadable:
                raise CommandError("无法读取该文件，未导入任何机构。", returncode=2) from exc
            raise CommandError(f"文件有 {exc.total} 处错误，未导入任何机构。") from exc
        self.stdout.write(f"导入成功：新增 {result.created} 家机构。")
