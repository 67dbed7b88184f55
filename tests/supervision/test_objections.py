"""Objections to a proposed downgrade: filed by anyone in the period with a reference, followed up
without revealing content or contact, and decided by the city — upheld keeps the grade, an open one
holds the council."""

from datetime import date

import pytest
from django.urls import reverse

from guifan.grading.constants import ObjectionStatus
from guifan.notifications.models import Notification
from guifan.supervision import services
from guifan.supervision.constants import GradeState, Outcome, ReviewStatus
from guifan.supervision.models import Grade, Review

from .conftest import make_grade

pytestmark = pytest.mark.django_db
TODAY = date.today()


@pytest.fixture
def proposal(city_admin, standard):
    grade = make_grade(city_admin, name="拟降级按摩店", valid_to=date(2099, 1, 1), standard=standard)
    review = services.spot_check_create(by=city_admin, grade_id=grade.pk)
    Review.objects.filter(pk=review.pk).update(
        status=ReviewStatus.PROPOSED,
        outcome=Outcome.DOWNGRADE,
        new_level="二级",
        reason="持证人员不足",
        on=TODAY,
    )
    return Review.objects.get(pk=review.pk)


@pytest.fixture
def notice(city_admin, proposal):
    return services.notice_publish(
        by=city_admin,
        review_ids=[proposal.pk],
        starts_on=TODAY,
        working_days=5,
        contact="电话",
        title="降级公示",
    )


def test_an_objection_gets_a_reference_and_tells_the_city(notice, proposal, city_admin, panlong_officer):
    objection = services.grade_objection_file(
        notice_id=notice.pk,
        review_id=proposal.pk,
        content="店里新招了两名持证按摩师",
        name="李四",
        contact="13900001111",
    )
    assert objection.reference.startswith(f"D{TODAY.year}-0001-")
    assert Notification.objects.filter(user=city_admin, event="objection_received").exists()
    assert not Notification.objects.filter(user=panlong_officer).exists()


def test_the_council_waits_for_open_objections(notice, proposal, city_admin):
    services.grade_objection_file(notice_id=notice.pk, review_id=proposal.pk, content="有异议")
    with pytest.raises(services.ReviewRejected) as caught:
        services.decision_record(
            by=city_admin,
            notice_id=notice.pk,
            meeting_date=notice.ends_on,
            number="7号",
            today=date(2099, 1, 1),
        )
    assert caught.value.errors["__all__"] == "本次公示还有异议未处理完毕"


def test_an_upheld_objection_keeps_the_grade_and_the_council_skips_it(notice, proposal, city_admin):
    objection = services.grade_objection_file(
        notice_id=notice.pk, review_id=proposal.pk, content="已补足人员"
    )
    services.grade_objection_handle(
        by=city_admin, objection_id=objection.pk, upheld=True, resolution="经核实已补足"
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.outcome) == (ReviewStatus.CLOSED, Outcome.KEEP)
    services.decision_record(
        by=city_admin,
        notice_id=notice.pk,
        meeting_date=date(2098, 12, 31),
        number="8号",
        today=date(2099, 1, 1),
    )
    grade = Grade.objects.get(pk=proposal.grade_id)
    assert grade.state == GradeState.VALID and not Grade.objects.filter(replaces=grade).exists()


def test_a_dismissed_objection_leaves_the_downgrade_to_the_council(notice, proposal, city_admin):
    objection = services.grade_objection_file(notice_id=notice.pk, review_id=proposal.pk, content="不服")
    services.grade_objection_handle(
        by=city_admin, objection_id=objection.pk, upheld=False, resolution="经核实情况属实"
    )
    services.decision_record(
        by=city_admin,
        notice_id=notice.pk,
        meeting_date=date(2098, 12, 31),
        number="9号",
        today=date(2099, 1, 1),
    )
    assert Grade.objects.get(pk=proposal.grade_id).state == GradeState.DOWNGRADED


def test_objections_outside_the_period_or_without_content_are_refused(notice, proposal):
    with pytest.raises(services.ReviewRejected) as caught:
        services.grade_objection_file(
            notice_id=notice.pk, review_id=proposal.pk, content=" ", today=date(2099, 1, 1)
        )
    assert set(caught.value.errors) == {"content", "__all__"}


def test_the_public_page_files_an_objection_and_shows_only_its_status(client, notice, proposal, city_admin):
    response = client.post(
        reverse("register:notice", args=[notice.pk]),
        {
            "review": proposal.pk,
            "content": "老板王五13811112222说已整改",
            "name": "赵六",
            "contact": "13822223333",
        },
    )
    assert response.status_code == 302
    status_page = client.get(response["Location"]).content.decode()
    assert "已收到您的异议" in status_page and "正在核实处理" in status_page
    for private in ("13811112222", "13822223333", "赵六", "王五"):
        assert private not in status_page
    objection = proposal.objections.get()
    client.force_login(city_admin)
    page = client.get(reverse("supervision:objection", args=[objection.pk])).content.decode()
    assert "13822223333" in page  # the city reads the contact, to answer
    client.post(
        reverse("supervision:objection", args=[objection.pk]),
        {"decision": "dismiss", "resolution": "情况属实"},
    )
    objection.refresh_from_db()
    assert objection.status == ObjectionStatus.DISMISSED


def test_only_the_city_handles_objections(client, notice, proposal, panlong_officer):
    objection = services.grade_objection_file(notice_id=notice.pk, review_id=proposal.pk, content="有异议")
    client.force_login(panlong_officer)
    assert client.get(reverse("supervision:objection", args=[objection.pk])).status_code == 403


def test_an_unknown_reference_is_named_in_the_error(client):
    page = client.get(reverse("register:objection_lookup"), {"ref": "D2099-0001-XXXX"}).content.decode()
    assert "没有找到编号为“D2099-0001-XXXX”的异议" in page
