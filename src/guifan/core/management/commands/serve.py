import os
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "以生产方式运行（gunicorn，静态文件由 WhiteNoise 提供）。先收集静态文件。"

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("GUIFAN_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("GUIFAN_WORKERS", "2")))

    def handle(self, *args, bind: str, workers: int, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Guifan 正在 http://{bind}/ 提供服务（按 Ctrl+C 停止）")
        sys.stdout.flush()
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "guifan.wsgi:application",
            "--bind",
            bind,
            "--workers",
            str(workers),
        ]
        argv += ["--access-logfile", "-"]
        os.execv(sys.executable, argv)
