from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from guifan.notifications.constants import Event
from guifan.notifications.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "发送每日提醒（整改到期和逾期、公示结束、年审待办、等级即将到期），并将过期等级记为已过期。"
        "可重复运行：同一提醒只发一次。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="按哪一天计算（默认今天），如 2023-06-30")

    def handle(self, *args, date: str | None = None, **options):
        try:
            today = timezone.localdate() if not date else _parse(date)
        except ValueError as exc:
            raise CommandError(f"日期格式不正确：{date}（应为 2023-06-30）") from exc
        sent = send_reminders(today)
        if not sent.counts:
            self.stdout.write(f"{today:%Y-%m-%d}：没有需要发送的新提醒。")
        for event, n in sent.counts.items():
            self.stdout.write(f"{Event(event).label}：{n} 条")


def _parse(text: str) -> date:
    return date.fromisoformat(text)
