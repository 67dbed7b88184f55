"""The council's approval of a grading batch makes each grade a record with a certificate number,
and the certificate prints it with the grade's validity."""

from datetime import date

import pytest
from django.urls import reverse

from guifan.grading import services as grading
from guifan.supervision.constants import GradeState
from guifan.supervision.models import Grade
from tests.grading.conftest import (  # noqa: F401 — fixtures
    application,
    at_city_inspection,
    institution,
    operator,
    programme,
)
from tests.grading.test_services import accepted, batch  # noqa: F401 — fixtures

pytestmark = pytest.mark.django_db


def test_council_approval_makes_the_grade_a_record(batch, accepted, city_admin, client, operator):  # noqa: F811
    grading.council_approve(
        by=city_admin,
        batch_id=batch.pk,
        meeting_date=date(2022, 8, 10),
        number="昆残理〔2022〕1号",
        today=date(2022, 8, 8),
    )
    grade = Grade.objects.get(application=accepted)
    assert (grade.level, grade.certificate_number, grade.valid_from, grade.valid_to, grade.state) == (
        "一级",
        "530100-2022-001",
        date(2022, 8, 10),
        date(2025, 8, 9),
        GradeState.VALID,
    )
    client.force_login(operator)
    page = client.get(reverse("grading:certificate", args=[accepted.pk])).content.decode()
    assert "证书编号：530100-2022-001" in page
    assert "有效期至：2025年8月9日" in page
    # Today (after 2025-08-09) the same certificate says it is no longer valid.
    assert "本证书已失效：已过期" in page
