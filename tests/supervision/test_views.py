"""The pages: scope (a county officer sees only their county's grades and reviews), the public
register without personal data, certificate verification, and the review form's errors."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guifan.supervision import services
from guifan.supervision.constants import GradeState
from guifan.supervision.models import Review

from .conftest import make_grade

pytestmark = pytest.mark.django_db
IN_FORCE = date(2099, 12, 31)


@pytest.fixture
def panlong_grade(city_admin, standard):
    return make_grade(city_admin, name="盘龙测试按摩店", valid_to=IN_FORCE, standard=standard)


@pytest.fixture
def guandu_grade(city_admin, standard):
    return make_grade(
        city_admin, county="官渡区", name="官渡测试按摩店", valid_to=IN_FORCE, standard=standard
    )


def test_a_county_officer_lists_only_their_countys_grades(
    client, panlong_officer, panlong_grade, guandu_grade
):
    client.force_login(panlong_officer)
    page = client.get(reverse("supervision:list")).content.decode()
    assert "盘龙测试按摩店" in page and "官渡测试按摩店" not in page
    assert client.get(reverse("supervision:detail", args=[guandu_grade.pk])).status_code == 404
    assert client.get(reverse("supervision:certificate", args=[guandu_grade.pk])).status_code == 404
    assert (
        client.post(reverse("supervision:cancel", args=[guandu_grade.pk]), {"reason": "x"}).status_code == 404
    )


def test_an_operator_sees_only_their_own_grade(client, panlong_operator, panlong_grade, guandu_grade):
    client.force_login(panlong_operator)
    assert client.get(reverse("supervision:detail", args=[panlong_grade.pk])).status_code == 200
    assert client.get(reverse("supervision:detail", args=[guandu_grade.pk])).status_code == 404
    assert client.get(reverse("supervision:rounds")).status_code == 403


def test_a_county_officer_cannot_open_another_countys_review(
    client, city_admin, panlong_officer, panlong_grade, guandu_grade
):
    services.round_open(
        by=city_admin, year=2026, title="2026年审", opened_on=date(2026, 1, 5), due_on=date(2026, 12, 31)
    )
    theirs = Review.objects.get(grade=guandu_grade)
    client.force_login(panlong_officer)
    assert client.get(reverse("supervision:review", args=[theirs.pk])).status_code == 404
    page = client.get(reverse("supervision:round", args=[theirs.round_id])).content.decode()
    assert "盘龙测试按摩店" in page and "官渡测试按摩店" not in page


def test_the_public_register_lists_grades_in_force_without_personal_data(client, city_admin, standard):
    valid = make_grade(city_admin, name="有效按摩店", valid_to=date(2099, 1, 1), standard=standard)
    make_grade(
        city_admin,
        name="过期按摩店",
        valid_to=date(2020, 1, 1),
        decided_on=date(2017, 1, 2),
        standard=standard,
    )
    revoked = make_grade(city_admin, name="撤销按摩店", valid_to=date(2099, 1, 1), standard=standard)
    services.grade_transition(by=city_admin, grade_id=revoked.pk, action="revoke", comment="违规")
    page = client.get(reverse("register:list")).content.decode()
    assert "有效按摩店" in page and "过期按摩店" not in page and "撤销按摩店" not in page
    assert valid.institution.phone not in page and valid.institution.responsible_person not in page
    assert "有效等级机构（1家）" in page


def test_the_register_searches_by_county_name_and_level(client, city_admin, standard):
    make_grade(city_admin, name="甲按摩店", valid_to=date(2099, 1, 1), standard=standard)
    make_grade(
        city_admin,
        name="乙按摩店",
        county="官渡区",
        level="二级",
        valid_to=date(2099, 1, 1),
        standard=standard,
    )
    from tests.factories import region

    by_county = client.get(reverse("register:list"), {"county": region("官渡区").pk}).content.decode()
    assert "乙按摩店" in by_county and "甲按摩店" not in by_county
    by_level = client.get(reverse("register:list"), {"level": "一级"}).content.decode()
    assert "甲按摩店" in by_level and "乙按摩店" not in by_level
    by_name = client.get(reverse("register:list"), {"q": "乙"}).content.decode()
    assert "乙按摩店" in by_name and "甲按摩店" not in by_name


def test_verifying_a_certificate_says_whether_it_is_in_force(client, city_admin, standard):
    valid = make_grade(city_admin, valid_to=date(2099, 1, 1), standard=standard)
    old = make_grade(city_admin, valid_to=date(2020, 1, 1), decided_on=date(2017, 1, 2), standard=standard)
    page = client.get(reverse("register:verify"), {"number": valid.certificate_number}).content.decode()
    assert "证书有效" in page
    page = client.get(reverse("register:verify"), {"number": old.certificate_number}).content.decode()
    assert "证书已失效" in page and "已过期" in page
    page = client.get(reverse("register:verify"), {"number": "530100-1999-999"}).content.decode()
    assert "没有编号为“530100-1999-999”的证书" in page and page.count("error-summary") >= 1


def test_the_register_is_public_and_its_query_count_does_not_grow(client, city_admin, standard):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("register:list")).status_code == 200
        return len(ctx.captured_queries)

    make_grade(city_admin, valid_to=date(2099, 1, 1), standard=standard)
    few = count()
    for _ in range(15):
        make_grade(city_admin, valid_to=date(2099, 1, 1), standard=standard)
    assert count() == few


def test_the_grade_list_query_count_does_not_grow(client, city_admin, standard):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("supervision:list"))
        return len(ctx.captured_queries)

    client.force_login(city_admin)
    make_grade(city_admin, valid_to=date(2099, 1, 1), standard=standard)
    few = count()
    for _ in range(15):
        make_grade(city_admin, valid_to=date(2099, 1, 1), standard=standard)
    assert count() == few


def test_the_review_form_names_each_wrong_field_and_saves_nothing(
    client, city_admin, panlong_officer, panlong_grade
):
    services.round_open(
        by=city_admin, year=2026, title="2026年审", opened_on=date(2026, 1, 5), due_on=date(2026, 12, 31)
    )
    review = Review.objects.get(grade=panlong_grade)
    client.force_login(panlong_officer)
    page = client.post(
        reverse("supervision:review", args=[review.pk]), {"outcome": "downgrade", "on": "2026-01-10"}
    )
    html = page.content.decode()
    assert page.status_code == 200 and "error-summary" in html
    assert "须写明理由" in html and "请选择降至的等级" in html
    # Every item's missing score and file at once (each in the summary and at its field).
    items = [i for i in review.template.items.all() if not i.is_section]
    assert html.count("请填写得分（") == 2 * len(items)
    assert html.count("的佐证材料：本条须有佐证") == 2 * sum(i.evidence_required for i in items)
    review.refresh_from_db()
    assert review.status == "pending"


def test_closing_a_grade_through_the_page_takes_it_off_the_register(
    client, panlong_officer, city_admin, standard
):
    grade = make_grade(city_admin, name="停业按摩店", valid_to=date(2099, 1, 1), standard=standard)
    client.force_login(panlong_officer)
    response = client.post(
        reverse("supervision:cancel", args=[grade.pk]), {"reason": "已停业", "on": "2026-12-01"}
    )
    assert response.status_code == 302
    grade.refresh_from_db()
    assert grade.state == GradeState.CANCELLED
    client.get(reverse("supervision:list"))  # shows (and so clears) the success message
    assert "停业按摩店" not in client.get(reverse("register:list")).content.decode()


def test_the_docx_certificate_is_scoped(client, panlong_officer, panlong_grade, guandu_grade):
    client.force_login(panlong_officer)
    response = client.get(reverse("supervision:certificate_docx", args=[panlong_grade.pk]))
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    assert client.get(reverse("supervision:certificate_docx", args=[guandu_grade.pk])).status_code == 404


def test_a_spot_check_of_another_countys_grade_is_404(client, panlong_officer, panlong_grade, guandu_grade):
    client.force_login(panlong_officer)
    assert client.post(reverse("supervision:spot_check", args=[guandu_grade.pk])).status_code == 404
    response = client.post(reverse("supervision:spot_check", args=[panlong_grade.pk]))
    assert response.status_code == 302 and Review.objects.filter(grade=panlong_grade, kind="spot").exists()


def test_only_the_city_opens_rounds_and_publishes(client, panlong_officer, expert, city_admin):
    for user in (panlong_officer, expert):
        client.force_login(user)
        assert client.get(reverse("supervision:round_new")).status_code == 403
        assert client.get(reverse("supervision:notice_new")).status_code == 403
    client.force_login(city_admin)
    assert "目前没有待公示的降级或撤销" in client.get(reverse("supervision:notice_new")).content.decode()
    notice = _published_notice(city_admin)
    client.force_login(panlong_officer)
    assert client.get(reverse("supervision:decision_new", args=[notice.pk])).status_code == 403


def _published_notice(city_admin):
    from guifan.grading.loading import load_standard_file

    grade = make_grade(
        city_admin, name="拟降级按摩店", valid_to=date(2099, 1, 1), standard=load_standard_file()
    )
    review = services.spot_check_create(by=city_admin, grade_id=grade.pk)
    Review.objects.filter(pk=review.pk).update(
        status="proposed", outcome="downgrade", new_level="二级", reason="负责人张三电话13900001111未公示价格"
    )
    return services.notice_publish(
        by=city_admin,
        review_ids=[review.pk],
        starts_on=date(2026, 12, 1),
        working_days=5,
        contact="0871-1234",
        title="等级变更公示",
    )


def test_public_notices_show_no_reasons_or_personal_data(client, city_admin):
    notice = _published_notice(city_admin)
    page = client.get(reverse("register:notice", args=[notice.pk])).content.decode()
    assert "拟降级按摩店" in page and "降为二级" in page
    assert "13900001111" not in page and "张三" not in page
    assert "等级变更公示" in client.get(reverse("register:decisions")).content.decode()


def test_evidence_is_served_only_in_scope(client, city_admin, panlong_officer, guandu_officer, panlong_grade):
    from guifan.supervision.models import ReviewEvidence
    from tests.grading.conftest import pdf

    review = services.spot_check_create(by=city_admin, grade_id=panlong_grade.pk)
    evidence = ReviewEvidence.objects.create(
        review=review,
        file=pdf(),
        original_name="照片.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=city_admin,
    )
    client.force_login(guandu_officer)
    assert client.get(reverse("supervision:evidence", args=[evidence.pk])).status_code == 404
    client.force_login(panlong_officer)
    assert client.get(reverse("supervision:evidence", args=[evidence.pk])).status_code == 200


def test_a_review_page_lists_the_items_to_rectify(client, city_admin, panlong_officer, panlong_grade):
    from decimal import Decimal

    from guifan.grading.services.inspections import scored_items
    from tests.grading.conftest import pdf

    review = services.spot_check_create(by=city_admin, grade_id=panlong_grade.pk)
    items = scored_items(review.template)
    scores = {i.id: (i.max_points, "") for i in items}
    scores[items[4].id] = (items[4].max_points - Decimal(6), "消毒记录缺8天")
    services.review_record(
        by=city_admin,
        review_id=review.pk,
        on=date.today(),
        outcome="rectify",
        reason="卫生不达标",
        due=date(2099, 1, 1),
        scores=scores,
        files={i.id: pdf() for i in items if i.evidence_required},
    )
    client.force_login(panlong_officer)
    html = client.get(reverse("supervision:review", args=[review.pk])).content.decode()
    assert "须整改的条目" in html
    assert f"{items[4].code} {items[4].title}：扣6.0分（消毒记录缺8天）" in html


def test_the_institution_page_shows_its_grades_and_their_state(client, city_admin, panlong_officer, standard):
    expired = make_grade(
        city_admin,
        name="有记录按摩店",
        valid_to=date(2020, 1, 1),
        decided_on=date(2017, 1, 2),
        standard=standard,
    )
    client.force_login(panlong_officer)
    html = client.get(reverse("registry:detail", args=[expired.institution_id])).content.decode()
    assert f"证书{expired.certificate_number}" in html and "有效期至2020年1月1日，已过期" in html
