from django.db.models import QuerySet

from .models import EmailChoice, Notification


def inbox(user) -> QuerySet[Notification]:
    """The user's own messages only: there is no other way to read a notification."""
    return Notification.objects.filter(user=user)


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def email_events(user) -> set[str]:
    return set(EmailChoice.objects.filter(user=user).values_list("event", flat=True))
