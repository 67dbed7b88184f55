"""Writing notifications: into the inbox inside the caller's transaction, and by e-mail after it
commits, through the background worker (a request never waits for a mail server)."""

import logging
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from guifan.audit.constants import AuditAction
from guifan.audit.services import audit_record

from .constants import EmailState, Event
from .models import EmailChoice, Notification

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 3


def notify(*, event: str, users: Iterable, text: str, url: str = "", key: str = "") -> list[Notification]:
    """One message to each user (once each, and once ever per `key`); e-mail to those who chose it."""
    users = {u.pk: u for u in users if u is not None}
    if not users:
        return []
    if key:
        done = set(Notification.objects.filter(user_id__in=users, key=key).values_list("user_id", flat=True))
        users = {pk: u for pk, u in users.items() if pk not in done}
    by_mail = set(
        EmailChoice.objects.filter(user_id__in=users, event=event).values_list("user_id", flat=True)
    )
    created = Notification.objects.bulk_create(
        Notification(
            user_id=pk,
            event=event,
            text=text[:500],
            url=url[:300],
            key=key,
            email_state=EmailState.PENDING if pk in by_mail and users[pk].email else EmailState.NONE,
        )
        for pk in users
    )
    pending = [n.pk for n in created if n.email_state == EmailState.PENDING]
    if pending:
        transaction.on_commit(lambda: _enqueue(pending))
    return created


def _enqueue(ids: list[int], delay: timedelta | None = None) -> None:
    from .tasks import send_emails

    task = send_emails.using(run_after=timezone.now() + delay) if delay else send_emails
    task.enqueue(ids)


def emails_send(ids: list[int]) -> None:
    """Send the pending e-mails; a failure is retried later (1, then 5 minutes), then marked failed."""
    site = getattr(settings, "GUIFAN_SITE_URL", "").rstrip("/")
    retry = []
    for n in Notification.objects.filter(pk__in=ids, email_state=EmailState.PENDING).select_related("user"):
        link = f"\n\n{site}{n.url}" if n.url else ""
        try:
            send_mail(
                subject=f"【规范】{Event(n.event).label}",
                message=f"{n.user.display_name}：\n\n{n.text}{link}\n\n（此邮件由系统发送，可在“消息设置”中取消。）",
                from_email=None,
                recipient_list=[n.user.email],
            )
        except Exception:
            log.warning("邮件发送失败：通知 %s", n.pk, exc_info=True)
            n.email_attempts += 1
            n.email_state = EmailState.PENDING if n.email_attempts < MAX_ATTEMPTS else EmailState.FAILED
            n.save(update_fields=["email_attempts", "email_state"])
            if n.email_state == EmailState.PENDING:
                retry.append(n.pk)
        else:
            n.email_attempts += 1
            n.email_state, n.emailed_at = EmailState.SENT, timezone.now()
            n.save(update_fields=["email_attempts", "email_state", "emailed_at"])
    if retry:
        attempts = (
            Notification.objects.filter(pk=retry[0]).values_list("email_attempts", flat=True).first() or 1
        )
        _enqueue(retry, delay=timedelta(minutes=1 if attempts == 1 else 5))


def notification_read(*, by, notification_id: int) -> Notification | None:
    """Mark one of the user's own messages read; another user's id finds nothing."""
    n = Notification.objects.filter(pk=notification_id, user=by).first()
    if n is not None and n.read_at is None:
        n.read_at = timezone.now()
        n.save(update_fields=["read_at"])
    return n


def notifications_read_all(*, by) -> int:
    return Notification.objects.filter(user=by, read_at__isnull=True).update(read_at=timezone.now())


def email_choices_set(*, by, events: Iterable[str], email: str | None = None) -> None:
    """The events that reach this user by e-mail too (the rest only reach the inbox), and the
    address they go to. The audit trail says the address changed, not what it is."""
    events = set(events) & set(Event.values)
    with transaction.atomic():
        if email is not None and email.strip() != by.email:
            by.email = email.strip()
            by.save(update_fields=["email"])
            audit_record(by=by, action=AuditAction.UPDATE, obj=by, changes={}, note="修改了本人的电子邮箱")
        EmailChoice.objects.filter(user=by).exclude(event__in=events).delete()
        have = set(EmailChoice.objects.filter(user=by).values_list("event", flat=True))
        EmailChoice.objects.bulk_create(EmailChoice(user=by, event=e) for e in sorted(events - have))
