"""Expiring grades and review work on the home pages (scoped, a fixed number of queries), and the
evaluation's 年审通过率 and 监管覆盖率 computed from the review records."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from guifan.evaluation.sources import compute
from guifan.grading.services.inspections import scored_items
from guifan.supervision import services
from guifan.supervision.constants import Outcome
from guifan.supervision.models import Review
from tests.factories import fresh_year

from .conftest import make_grade

pytestmark = pytest.mark.django_db


def test_a_county_home_lists_its_own_expiring_grades(
    client, city_admin, panlong_officer, guandu_officer, standard
):
    fresh_year(by=city_admin)
    today = timezone.localdate()
    make_grade(city_admin, valid_to=today + timedelta(days=20), standard=standard)
    make_grade(city_admin, valid_to=today + timedelta(days=60), standard=standard)
    make_grade(city_admin, valid_to=today + timedelta(days=200), standard=standard)
    client.force_login(panlong_officer)
    page = client.get(reverse("home")).content.decode()
    assert "1个等级30天内到期" in page and "1个等级90天内到期" in page
    client.force_login(guandu_officer)
    assert "天内到期" not in client.get(reverse("home")).content.decode()


def test_the_county_homes_query_count_does_not_grow_with_grades(
    client, city_admin, panlong_officer, standard
):
    fresh_year(by=city_admin)
    soon = timezone.localdate() + timedelta(days=20)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("home"))
        return len(ctx.captured_queries)

    client.force_login(panlong_officer)
    make_grade(city_admin, valid_to=soon, standard=standard)
    few = count()
    for _ in range(10):
        make_grade(city_admin, valid_to=soon, standard=standard)
    assert count() == few


def _keep(by, review, outcome=Outcome.KEEP, **extra):
    items = scored_items(review.template)
    from tests.grading.conftest import pdf

    services.review_record(
        by=by,
        review_id=review.pk,
        on=date(2026, 3, 1),
        outcome=outcome,
        today=date(2026, 3, 1),
        scores={i.id: (i.max_points, "") for i in items},
        files={i.id: pdf() for i in items if i.evidence_required},
        **extra,
    )


def test_review_pass_rate_and_coverage_from_the_records(city_admin, standard):
    programme = fresh_year(by=city_admin, year=2026)
    grades = [make_grade(city_admin, valid_to=date(2099, 1, 1), standard=standard) for _ in range(4)]
    services.round_open(
        by=city_admin, year=2026, title="2026年审", opened_on=date(2026, 1, 5), due_on=date(2026, 12, 31)
    )
    reviews = list(Review.objects.order_by("id"))
    _keep(city_admin, reviews[0])
    _keep(city_admin, reviews[1])
    _keep(city_admin, reviews[2], Outcome.RECTIFY, reason="整改", due=date(2026, 4, 1))
    # The fourth is not reviewed. By hand: 年审通过率 = 2 kept ÷ 3 concluded = 66.67%;
    # 监管覆盖率 = 3 institutions reviewed ÷ 4 grades in the round = 75%.
    assert len(grades) == 4
    assert compute("review_pass_rate", programme).value.quantize(Decimal("0.01")) == Decimal("66.67")
    assert compute("supervision_coverage", programme).value == Decimal(75)
