"""Each event reaches the inbox of exactly the people concerned (never another county's officer),
e-mail goes out through the worker when chosen and is retried, and the daily reminders are sent
once however often the job runs."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from guifan.grading.constants import Action
from guifan.notifications import services
from guifan.notifications.constants import EmailState, Event
from guifan.notifications.models import EmailChoice, Notification
from guifan.notifications.reminders import send_reminders
from guifan.supervision import services as supervision
from tests.factories import UserFactory
from tests.grading.conftest import move
from tests.supervision.conftest import make_grade

pytestmark = pytest.mark.django_db


def inbox(user) -> list[tuple[str, str]]:
    return [(n.event, n.text) for n in Notification.objects.filter(user=user).order_by("id")]


def test_a_return_reaches_the_operator_only(
    application, operator, panlong_officer, guandu_officer, city_admin
):
    move(application, operator, Action.SUBMIT)
    move(application, panlong_officer, Action.RETURN, comment="请补充营业执照")
    assert inbox(operator) == [
        (Event.APPLICATION_RETURNED, "测试青玉按摩店：2022年度申请被退回修改：请补充营业执照")
    ]
    assert inbox(panlong_officer) == inbox(guandu_officer) == inbox(city_admin) == []


def test_the_start_of_the_city_inspection_reaches_the_institution_and_its_county_only(
    at_city_inspection,
    operator,
    panlong_officer,
    guandu_officer,
):
    assert [e for e, _ in inbox(operator)][-1] == Event.INSPECTION_STARTED
    assert [e for e, _ in inbox(panlong_officer)] == [Event.INSPECTION_STARTED]
    assert inbox(guandu_officer) == []


def test_an_objection_reaches_the_city_without_the_objectors_words(
    at_city_inspection, expert, city_admin, operator, programme
):
    from guifan.grading import services as grading
    from tests.grading.conftest import score_all

    inspection = grading.inspection_start(
        by=expert, application_id=at_city_inspection.pk, kind="city", on=date(2022, 7, 20)
    )
    score_all(expert, inspection)
    move(at_city_inspection, expert, Action.ACCEPT)
    batch = grading.batch_publish(
        by=city_admin,
        programme=programme,
        application_ids=[at_city_inspection.pk],
        starts_on=date(2022, 8, 1),
        working_days=5,
        contact="电话",
        title="公示",
    )
    grading.objection_file(
        batch_id=batch.pk,
        application_id=at_city_inspection.pk,
        content="老板李四13811112222无证上岗",
        today=date(2022, 8, 2),
        name="王五",
        contact="13833334444",
    )
    received = [t for e, t in inbox(city_admin) if e == Event.OBJECTION_RECEIVED]
    assert received == ["测试青玉按摩店：公示收到异议，请核实处理"]
    assert Event.PUBLICITY_STARTED in [e for e, _ in inbox(operator)]
    assert not Notification.objects.filter(text__contains="1381111").exists()


def test_a_grade_change_reaches_its_institution_and_county_not_the_other_county(
    city_admin,
    panlong_officer,
    guandu_officer,
    standard,
):
    grade = make_grade(city_admin, name="盘龙甲", standard=standard)
    op = UserFactory(role="operator", institution=grade.institution, username="op-jia")
    supervision.grade_cancel(by=city_admin, grade_id=grade.pk, reason="停业")
    assert [e for e, _ in inbox(op)] == [Event.GRADE_ENDED]
    assert [e for e, _ in inbox(panlong_officer)] == [Event.GRADE_ENDED]
    assert inbox(guandu_officer) == []


def test_a_deactivated_user_gets_nothing(city_admin, standard):
    grade = make_grade(city_admin, standard=standard)
    op = UserFactory(role="operator", institution=grade.institution, username="gone", is_active=False)
    supervision.grade_cancel(by=city_admin, grade_id=grade.pk, reason="停业")
    assert inbox(op) == []


def test_reminders_are_sent_once_however_often_the_job_runs(city_admin, panlong_officer, standard):
    today = date(2025, 6, 1)
    make_grade(city_admin, name="将到期", valid_to=today + timedelta(days=60), standard=standard)
    first = send_reminders(today)
    again = send_reminders(today)
    assert first.counts == {Event.GRADE_EXPIRING: 2}  # the county officer and the city
    assert again.counts == {}
    assert [e for e, _ in inbox(panlong_officer)] == [Event.GRADE_EXPIRING]
    # 30 days before, a second, nearer warning.
    send_reminders(today + timedelta(days=31))
    assert [e for e, _ in inbox(panlong_officer)] == [Event.GRADE_EXPIRING, Event.GRADE_EXPIRING]


def test_the_daily_job_expires_grades_and_says_so(city_admin, panlong_officer, standard):
    grade = make_grade(city_admin, valid_to=date(2025, 5, 31), standard=standard)
    send_reminders(date(2025, 6, 1))
    grade.refresh_from_db()
    assert grade.state == "expired"
    assert [e for e, _ in inbox(panlong_officer)] == [Event.GRADE_ENDED]


def test_rectification_reminders_three_days_before_and_when_overdue(
    at_city_inspection,
    expert,
    operator,
    panlong_officer,
    guandu_officer,
    city_admin,
):
    from guifan.grading import services as grading
    from tests.grading.conftest import score_all

    inspection = grading.inspection_start(
        by=expert, application_id=at_city_inspection.pk, kind="city", on=date(2022, 7, 20)
    )
    score_all(expert, inspection, low={"1.2": Decimal(3)})
    item = inspection.scores.get(item__code="1.2").item
    grading.rectification_request(
        by=expert, inspection_id=inspection.pk, item_id=item.pk, request="补证", due=date(2022, 8, 10)
    )
    move(at_city_inspection, expert, Action.REQUIRE_RECTIFICATION)
    assert send_reminders(date(2022, 8, 6)).counts == {}
    assert send_reminders(date(2022, 8, 7)).counts == {Event.RECTIFICATION_DUE: 2}
    assert send_reminders(date(2022, 8, 11)).counts == {Event.RECTIFICATION_OVERDUE: 3}
    assert send_reminders(date(2022, 8, 12)).counts == {}
    assert Event.RECTIFICATION_OVERDUE in [e for e, _ in inbox(city_admin)]
    assert inbox(guandu_officer) == []


def test_email_goes_through_the_worker_when_chosen(city_admin, standard, django_capture_on_commit_callbacks):
    grade = make_grade(city_admin, standard=standard)
    op = UserFactory(
        role="operator", institution=grade.institution, username="mailme", email="op@example.org"
    )
    services.email_choices_set(by=op, events=[Event.GRADE_ENDED])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        supervision.grade_cancel(by=city_admin, grade_id=grade.pk, reason="停业")
    assert mail.outbox == []  # nothing is sent inside the request
    n = Notification.objects.get(user=op)
    assert n.email_state == EmailState.PENDING and len(callbacks) == 1
    services.emails_send([n.pk])
    n.refresh_from_db()
    assert n.email_state == EmailState.SENT
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["op@example.org"]
    assert "已注销" in mail.outbox[0].body and mail.outbox[0].subject == "【规范】等级过期或注销"


def test_email_is_retried_then_marked_failed(city_admin, standard, settings, monkeypatch):
    grade = make_grade(city_admin, standard=standard)
    op = UserFactory(
        role="operator", institution=grade.institution, username="mailfail", email="op@example.org"
    )
    EmailChoice.objects.create(user=op, event=Event.GRADE_ENDED)
    supervision.grade_cancel(by=city_admin, grade_id=grade.pk, reason="停业")
    n = Notification.objects.get(user=op)
    queued = []
    monkeypatch.setattr(services, "_enqueue", lambda ids, delay=None: queued.append((ids, delay)))
    settings.EMAIL_BACKEND = "tests.notifications.broken_mail.Backend"
    for _ in range(3):
        services.emails_send([n.pk])
    n.refresh_from_db()
    assert (n.email_state, n.email_attempts) == (EmailState.FAILED, 3)
    assert [delay for _, delay in queued] == [timedelta(minutes=1), timedelta(minutes=5)]


def test_the_inbox_shows_ones_own_messages_and_marks_them_read(
    client, city_admin, panlong_officer, guandu_officer, standard
):
    grade = make_grade(city_admin, name="盘龙乙", standard=standard)
    supervision.grade_cancel(by=city_admin, grade_id=grade.pk, reason="停业")
    mine = Notification.objects.get(user=panlong_officer)
    client.force_login(guandu_officer)
    assert "盘龙乙" not in client.get(reverse("notifications:inbox")).content.decode()
    assert client.post(reverse("notifications:read", args=[mine.pk])).status_code == 404
    client.force_login(panlong_officer)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "消息（1 条未读）" in page and "盘龙乙" in page
    response = client.post(reverse("notifications:read", args=[mine.pk]))
    assert response["Location"] == reverse("supervision:detail", args=[grade.pk])
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert "消息（" not in client.get(reverse("notifications:inbox")).content.decode()


def test_email_choices_are_saved_per_user(client, panlong_officer):
    client.force_login(panlong_officer)
    page = client.post(reverse("notifications:settings"), {"events": [Event.REVIEW_DUE], "email": ""})
    assert "勾选了邮件提醒，请填写电子邮箱" in page.content.decode()
    assert not EmailChoice.objects.exists()
    client.post(
        reverse("notifications:settings"),
        {"events": [Event.GRADE_EXPIRING, Event.REVIEW_DUE], "email": "pl@example.org"},
    )
    panlong_officer.refresh_from_db()
    assert panlong_officer.email == "pl@example.org"
    assert set(EmailChoice.objects.filter(user=panlong_officer).values_list("event", flat=True)) == {
        Event.GRADE_EXPIRING,
        Event.REVIEW_DUE,
    }
    client.post(reverse("notifications:settings"), {"events": [Event.REVIEW_DUE], "email": "pl@example.org"})
    assert list(EmailChoice.objects.filter(user=panlong_officer).values_list("event", flat=True)) == [
        Event.REVIEW_DUE
    ]


def test_read_all_marks_only_ones_own(client, city_admin, panlong_officer, standard):
    grade = make_grade(city_admin, standard=standard)
    supervision.grade_cancel(by=city_admin, grade_id=grade.pk, reason="停业")
    client.force_login(panlong_officer)
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=panlong_officer, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=city_admin, read_at__isnull=True).exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_email_after_the_change_commits(kunming, city_admin):
    from guifan.grading.loading import load_standard_file
    from tests.factories import run_jobs

    grade = make_grade(city_admin, standard=load_standard_file())
    op = UserFactory(
        role="operator", institution=grade.institution, username="byworker", email="w@example.org"
    )
    services.email_choices_set(by=op, events=[Event.GRADE_ENDED])
    supervision.grade_cancel(by=city_admin, grade_id=grade.pk, reason="停业")
    assert mail.outbox == []
    run_jobs()
    assert [m.to for m in mail.outbox] == [["w@example.org"]]
    assert Notification.objects.get(user=op).email_state == EmailState.SENT
