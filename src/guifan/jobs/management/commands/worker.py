from django.core.management import call_command
from django.core.management.base import BaseCommand

from guifan.jobs.services import jobs_fail_interrupted


class Command(BaseCommand):
    help = (
        "运行后台任务（机构导入、批量检查报告、长名录导出）。可在多台机器上各运行若干个；"
        "任务以 SELECT … FOR UPDATE SKIP LOCKED 领取，不会重复执行。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="处理完队列中的任务后退出")
        parser.add_argument("--interval", type=float, default=1.0, help="队列为空时每隔多少秒查看一次")

    def handle(self, *args, batch: bool, interval: float, verbosity: int, **options):
        if failed := jobs_fail_interrupted():
            self.stdout.write(f"已将 {failed} 个中断的任务标记为失败（可在页面上重试）。")
        call_command(
            "db_worker",
            batch=batch,
            interval=interval,
            startup_delay=False,
            reload=False,
            verbosity=verbosity,
        )
