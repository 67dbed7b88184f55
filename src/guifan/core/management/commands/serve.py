import os
import signal
import subprocess
import sys
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

RESTART_SECONDS = 10


class Command(BaseCommand):
    help = (
        "以生产方式运行：gunicorn 提供页面（静态文件由 WhiteNoise 提供），并启动后台任务进程"
        "（导入、批量检查、长名录导出）。先收集静态文件。"
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

        # Children in sessions of their own: Ctrl+C in the terminal (or a service manager signalling the
        # whole group) reaches them only through stop(), once, so a job worker finishes its task.
        def job_worker() -> subprocess.Popen:
            return subprocess.Popen(
                [sys.executable, "-m", "django", "worker"], env=env, start_new_session=True
            )

        job_workers_running = [job_worker() for _ in range(job_workers)]
        # --preload: the app is imported once, before forking (see guifan/wsgi.py).
        gunicorn = ["-m", "gunicorn", "guifan.wsgi:application", "--preload"]
        gunicorn += ["--bind", bind, "--workers", str(workers)]
        web = subprocess.Popen(
            [sys.executable, *gunicorn, "--access-logfile", "-"], env=env, start_new_session=True
        )
        self.stdout.write(
            f"Guifan 正在 http://{bind}/ 提供服务，后台任务进程 {job_workers} 个（按 Ctrl+C 停止）"
        )
        sys.stdout.flush()
        stopping = []

        def stop(signum, frame):
            """Once: a second SIGTERM would make a job worker abandon its task instead of finishing it."""
            if not stopping:
                stopping.append(signum)
                for child in [web, *job_workers_running]:
                    if child.poll() is None:
                        child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        started = [time.monotonic()] * len(job_workers_running)
        while web.poll() is None:
            time.sleep(1)
            for n, child in enumerate(job_workers_running):
                # A worker that died is started again, but not more than every RESTART_SECONDS (one
                # that dies at once, e.g. before `migrate`, would otherwise spin).
                if (
                    child.poll() is not None
                    and not stopping
                    and time.monotonic() - started[n] > RESTART_SECONDS
                ):
                    self.stderr.write(f"后台任务进程已退出（代码 {child.returncode}），重新启动")
                    job_workers_running[n], started[n] = job_worker(), time.monotonic()
        stop(None, None)
        for child in job_workers_running:
            child.wait()
        sys.exit(web.returncode)
