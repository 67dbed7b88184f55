import os
import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "以生产方式运行：gunicorn 提供页面（静态文件由 WhiteNoise 提供），并启动后台任务进程"
        "（导入、批量检查）。先收集静态文件。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--bind", default=os.environ.get("GUIFAN_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("GUIFAN_WORKERS", "2")))
        parser.add_argument(
            "--job-workers",
            type=int,
            default=int(os.environ.get("GUIFAN_JOB_WORKERS", "1")),
            help="同时启动几个后台任务进程；0 表示不启动（在别的机器上另行运行 guifan worker）",
        )

    def handle(self, *args, bind: str, workers: int, job_workers: int, **options):
        call_command("collectstatic", interactive=False, verbosity=0)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "guifan.settings"),
        }
        children = [
            subprocess.Popen([sys.executable, "-m", "django", "worker"], env=env) for _ in range(job_workers)
        ]
        gunicorn = ["-m", "gunicorn", "guifan.wsgi:application", "--bind", bind, "--workers", str(workers)]
        web = subprocess.Popen([sys.executable, *gunicorn, "--access-logfile", "-"], env=env)
        children.append(web)
        self.stdout.write(
            f"Guifan 正在 http://{bind}/ 提供服务，后台任务进程 {job_workers} 个（按 Ctrl+C 停止）"
        )
        sys.stdout.flush()

        stopping = []

        def stop(signum, frame):
            """Once: a second SIGTERM would make a job worker abandon its task instead of finishing it."""
            if not stopping:
                stopping.append(signum)
                for child in children:
                    if child.poll() is None:
                        child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        code = web.wait()
        stop(None, None)
        for child in children:
            child.wait()
        sys.exit(code)
