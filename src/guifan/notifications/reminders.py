"""The daily reminders (`guifan send-reminders`): rectifications due in 3 days or overdue,
publicity periods that have ended, reviews due, grades expiring in 90 or 30 days; and grades past
their date recorded as expired. Each reminder has a key, so running twice sends it once."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.urls import reverse

from guifan.grading.constants import State
from guifan.grading.models import PublicityBatch, Rectification
from guifan.supervision import domain as grades
from guifan.supervision.constants import ReviewStatus
from guifan.supervision.models import Grade, GradeNotice, Review
from guifan.supervision.services import grades_expire

from . import recipients as to
from .constants import Event
from .services import notify

DUE_SOON = 3  # days before a rectification's due date
REVIEW_DUE_SOON = 14  # days before a review round's due date


@dataclass
class Sent:
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, event: str, n: int) -> None:
        if n:
            self.counts[event] = self.counts.get(event, 0) + n

    def notify(self, *, event: str, **message) -> None:
        self.add(event, len(notify(event=event, **message)))


def send_reminders(today: date) -> Sent:
    sent = Sent()
    with transaction.atomic():
        expired = grades_expire(today=today)
        sent.add(Event.GRADE_ENDED, len(expired))
        _rectifications(today, sent)
        _review_rectifications(today, sent)
        _publicity(today, sent)
        _reviews_due(today, sent)
        _expiring(today, sent)
    return sent


def _due(
    sent: Sent, today: date, *, due: date, institution_id: int, county_id: int, what: str, url: str, key: str
):
    """Due within DUE_SOON days: the institution and its county; overdue: the city as well."""
    overdue = due < today
    event = Event.RECTIFICATION_OVERDUE if overdue else Event.RECTIFICATION_DUE
    users = to.institution_and_county(institution_id, county_id)
    if overdue:
        users += list(to.city_admins())
    when = "已于" if overdue else "将于"
    sent.notify(
        event=event,
        users=users,
        text=f"{what}{when}{due:%Y年%-m月%-d日}到期",
        url=url,
        key=f"{event}:{key}:{due.isoformat()}",
    )


def _rectifications(today: date, sent: Sent) -> None:
    open_ = Rectification.objects.filter(
        closed=False, application__state=State.RECTIFICATION, due__lte=today + timedelta(days=DUE_SOON)
    ).select_related("application__institution", "item")
    for r in open_:
        a = r.application
        _due(
            sent,
            today,
            due=r.due,
            institution_id=a.institution_id,
            county_id=a.county_id,
            what=f"{a.institution.name}：整改“{r.item.title}”",
            url=reverse("grading:rectification", args=[r.pk]),
            key=f"rect:{r.pk}",
        )


def _review_rectifications(today: date, sent: Sent) -> None:
    reviews = Review.objects.filter(
        status=ReviewStatus.RECTIFYING,
        rectification_response="",
        rectification_due__lte=today + timedelta(days=DUE_SOON),
    ).select_related("grade__institution")
    for r in reviews:
        _due(
            sent,
            today,
            due=r.rectification_due,
            institution_id=r.grade.institution_id,
            county_id=r.county_id,
            what=f"{r.grade.institution.name}：年审整改",
            url=reverse("supervision:review", args=[r.pk]),
            key=f"review:{r.pk}",
        )


def _publicity(today: date, sent: Sent) -> None:
    for batch in PublicityBatch.objects.filter(
        ends_on__lt=today, applications__state=State.PUBLICITY
    ).distinct():
        sent.notify(
            event=Event.PUBLICITY_ENDED,
            users=to.city_admins(),
            text=f"“{batch.title}”公示期已于{batch.ends_on:%Y年%-m月%-d日}结束，可报理事会审批",
            url=reverse("grading:council", args=[batch.pk]),
            key=f"publicity-ended:{batch.pk}",
        )
    for notice in GradeNotice.objects.filter(ends_on__lt=today, decision__isnull=True):
        sent.notify(
            event=Event.PUBLICITY_ENDED,
            users=to.city_admins(),
            text=f"“{notice.title}”公示期已结束，可登记理事会决定",
            url=reverse("supervision:decision_new", args=[notice.pk]),
            key=f"notice-ended:{notice.pk}",
        )


def _reviews_due(today: date, sent: Sent) -> None:
    pending = Review.objects.filter(
        status=ReviewStatus.PENDING, round__due_on__lte=today + timedelta(days=REVIEW_DUE_SOON)
    ).select_related("round")
    by_county: dict[tuple[int, int], list[Review]] = {}
    for review in pending:
        by_county.setdefault((review.round_id, review.county_id), []).append(review)
    for (round_id, county_id), reviews in by_county.items():
        round_ = reviews[0].round
        late = round_.due_on < today
        text = f"{round_.title}：本县区还有{len(reviews)}家机构未完成年审，" + (
            f"期限{round_.due_on:%Y年%-m月%-d日}已过" if late else f"期限{round_.due_on:%Y年%-m月%-d日}"
        )
        sent.notify(
            event=Event.REVIEW_DUE,
            users=to.county_officers(county_id),
            text=text,
            url=reverse("supervision:round", args=[round_id]),
            key=f"review-due:{round_id}:{county_id}:{'late' if late else 'soon'}",
        )


def _expiring(today: date, sent: Sent) -> None:
    soon = today + timedelta(days=max(grades.EXPIRY_WARNINGS))
    for grade in Grade.objects.filter(
        state__in=grades.LIVE, valid_to__gte=today, valid_to__lte=soon
    ).select_related("institution"):
        window = grades.expiry_window(grade.valid_to, today)
        users = [*to.institution_and_county(grade.institution_id, grade.county_id), *to.city_admins()]
        sent.notify(
            event=Event.GRADE_EXPIRING,
            users=users,
            text=f"{grade.institution.name}：{grade.level}（证书{grade.certificate_number}）"
            f"将于{grade.valid_to:%Y年%-m月%-d日}到期，到期前须经年审延续或重新评定",
            url=reverse("supervision:detail", args=[grade.pk]),
            key=f"grade-expiring:{grade.pk}:{window}:{grade.valid_to.isoformat()}",
        )
