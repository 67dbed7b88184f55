from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "guifan.notifications"
    verbose_name = "消息提醒"

    def ready(self) -> None:
        from . import receivers  # noqa: F401
