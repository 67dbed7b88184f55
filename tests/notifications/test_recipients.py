"""Every event's recipients, checked against who is bound to the record: the institution's
operators, its county's officers, or the city's roles — and never another county's officer."""

from datetime import date

import pytest

from guifan.grading.constants import Action
from guifan.grading.models import Application
from guifan.grading.signals import application_moved
from guifan.notifications.models import Notification
from guifan.notifications.receivers import APPLICATION_EVENTS, GRADE_EVENTS
from guifan.supervision import services as supervision
from guifan.supervision.signals import grade_changed
from tests.factories import UserFactory, operator_of
from tests.supervision.conftest import make_grade

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(city_admin, panlong_officer, guandu_officer, inspector, auditor, application, operator):
    other_operator = UserFactory(role="operator", institution=make_other_institution(), username="other-op")
    return {
        "operator": operator,
        "county": panlong_officer,
        "city": city_admin,
        "inspector": inspector,
        "auditor": auditor,
        "other county": guandu_officer,
        "other operator": other_operator,
    }


def make_other_institution():
    from tests.factories import InstitutionFactory

    return InstitutionFactory(county_name="官渡区", name="别的机构")


EXPECTED = {"institution": {"operator"}, "both": {"operator", "county"}, "city": {"city", "inspector"}}


def reached(people) -> set[str]:
    ids = set(Notification.objects.values_list("user_id", flat=True))
    return {who for who, user in people.items() if user.pk in ids}


@pytest.mark.parametrize("action", sorted(APPLICATION_EVENTS))
def test_each_application_event_reaches_exactly_its_people(action, application, people):
    Notification.objects.all().delete()
    application = Application.objects.select_related("programme", "institution").get(pk=application.pk)
    application_moved.send(
        sender=Application, application=application, action=action, from_state="", by=None, comment="理由"
    )
    assert reached(people) == EXPECTED[APPLICATION_EVENTS[action][1]]


@pytest.mark.parametrize("action", [a for a in Action if a not in APPLICATION_EVENTS])
def test_other_application_steps_notify_nobody(action, application, people):
    Notification.objects.all().delete()
    application_moved.send(
        sender=Application, application=application, action=action, from_state="", by=None, comment=""
    )
    assert reached(people) == set()


@pytest.mark.parametrize("action", sorted(GRADE_EVENTS))
def test_each_grade_event_reaches_its_institution_and_county(
    action, city_admin, panlong_officer, guandu_officer, standard
):
    grade = make_grade(city_admin, standard=standard)
    op = operator_of(grade.institution, username="graded-op")
    Notification.objects.all().delete()
    grade_changed.send(
        sender=type(grade), grade=grade, action=action, from_state="valid", by=city_admin, comment="理由"
    )
    users = set(Notification.objects.values_list("user_id", flat=True))
    expected = {op.pk, panlong_officer.pk} | ({city_admin.pk} if action in {"expire", "cancel"} else set())
    assert users == expected


def test_a_review_round_tells_each_county_its_count_and_each_operator_their_own(
    city_admin, panlong_officer, guandu_officer, standard
):
    grades = [make_grade(city_admin, valid_to=date(2099, 1, 1), standard=standard) for _ in range(2)]
    guandu = make_grade(city_admin, county="官渡区", valid_to=date(2099, 1, 1), standard=standard)
    ops = [operator_of(g.institution, username=f"op{g.pk}") for g in [*grades, guandu]]
    supervision.round_open(
        by=city_admin, year=2026, title="2026年审", opened_on=date(2026, 1, 5), due_on=date(2026, 12, 31)
    )
    assert list(Notification.objects.filter(user=panlong_officer).values_list("text", flat=True)) == [
        "2026年审已开始：本县区2家等级机构须在2026年12月31日前完成年审"
    ]
    assert (
        Notification.objects.filter(user=guandu_officer)
        .values_list("text", flat=True)
        .get()
        .startswith("2026年审已开始：本县区1家")
    )
    assert all(Notification.objects.filter(user=op, event="review_due").count() == 1 for op in ops)


def test_a_payment_reaches_the_institution_and_its_county(people, application, city_admin):
    from types import SimpleNamespace

    from guifan.funds.signals import payment_recorded

    Notification.objects.all().delete()
    entry = SimpleNamespace(
        amount=2_000_000,
        enrolment_id=application.enrolment_id,
        enrolment=application.enrolment,
        date=date(2022, 9, 1),
    )
    payment_recorded.send(sender=None, entry=entry)
    assert reached(people) == {"operator", "county"}
    assert (
        Notification.objects.filter(user=people["operator"]).get().text
        == "测试青玉按摩店：2022年9月1日拨付补助20,000.00元"
    )


def test_a_survey_link_reaches_the_surveyed_counties_officers_once(
    city_admin, panlong_officer, guandu_officer, programme
):
    from guifan.surveys.loading import load_survey_file
    from guifan.surveys.services import distribution_create

    questionnaire = load_survey_file(by=city_admin, programme=programme)
    questionnaire.surveyed_counties.set([panlong_officer.county])
    Notification.objects.all().delete()
    distribution_create(by=city_admin, questionnaire=questionnaire, name="链接一")
    distribution_create(by=city_admin, questionnaire=questionnaire, name="链接二")
    assert Notification.objects.filter(user=panlong_officer).count() == 1
    assert not Notification.objects.filter(user=guandu_officer).exists()


def test_a_signed_off_evaluation_reaches_the_city_and_the_auditors(people, programme):
    from types import SimpleNamespace

    from guifan.evaluation.signals import evaluation_signed_off

    Notification.objects.all().delete()
    evaluation_signed_off.send(sender=None, evaluation=SimpleNamespace(pk=1, programme=programme), by=None)
    assert reached(people) == {"city", "auditor"}
