"""The grade's rules without a database: the table, validity by date, outcomes, review figures."""

from datetime import date
from decimal import Decimal

import pytest

from guifan.supervision import domain
from guifan.supervision.constants import GradeAction as A
from guifan.supervision.constants import GradeState as S
from guifan.supervision.constants import Outcome

BANDS = [
    {"minimum": "80", "grade": "二级"},
    {"minimum": "90", "grade": "一级"},
    {"minimum": "70", "grade": "三级"},
]


def test_only_the_city_lowers_or_revokes_a_grade():
    assert domain.next_state(S.UNDER_REVIEW, A.DOWNGRADE, domain.CITY) == S.DOWNGRADED
    for role in (domain.COUNTY, domain.INSPECTOR):
        with pytest.raises(domain.InvalidGradeChange, match="您的角色不能“降级”"):
            domain.next_state(S.UNDER_REVIEW, A.DOWNGRADE, role)


@pytest.mark.parametrize("ended", sorted(domain.ENDED))
@pytest.mark.parametrize(
    "action", [A.KEEP, A.REQUIRE_RECTIFICATION, A.DOWNGRADE, A.REVOKE, A.EXPIRE, A.CANCEL]
)
def test_an_ended_grade_cannot_change_again(ended, action):
    with pytest.raises(domain.InvalidGradeChange, match="不能"):
        domain.next_state(ended, action, domain.CITY if action != A.EXPIRE else domain.SYSTEM)


def test_only_the_daily_job_expires_a_grade():
    assert domain.next_state(S.VALID, A.EXPIRE, domain.SYSTEM) == S.EXPIRED
    with pytest.raises(domain.InvalidGradeChange):
        domain.next_state(S.VALID, A.EXPIRE, domain.CITY)


def test_a_grade_is_valid_on_its_last_day_and_expired_the_day_after():
    last = date(2025, 8, 9)
    assert domain.shown_state(S.VALID, last, date(2025, 8, 9)) == S.VALID
    assert domain.shown_state(S.VALID, last, date(2025, 8, 10)) == S.EXPIRED
    assert domain.shown_state(S.RECTIFYING, last, date(2025, 8, 10)) == S.EXPIRED
    assert domain.shown_state(S.REVOKED, last, date(2025, 8, 10)) == S.REVOKED


def test_validity_ends_the_day_before_the_anniversary():
    assert domain.valid_until(date(2022, 8, 10), 3) == date(2025, 8, 9)
    assert domain.valid_until(date(2024, 2, 29), 1) == date(2025, 2, 27)


@pytest.mark.parametrize(
    ("days_left", "window"), [(120, None), (91, None), (90, 90), (31, 90), (30, 30), (0, 30), (-1, None)]
)
def test_expiry_warnings_at_90_and_30_days(days_left, window):
    today = date(2025, 1, 1)
    assert domain.expiry_window(date.fromordinal(today.toordinal() + days_left), today) == window


def test_certificate_numbers_run_per_city_and_year():
    assert domain.certificate_number("530100", 2022, 7) == "530100-2022-007"


def test_lower_levels_come_from_the_standards_bands_in_any_order():
    assert domain.lower_levels(BANDS, "一级") == ["二级", "三级"]
    assert domain.lower_levels(BANDS, "三级") == []


def test_outcome_needs_a_reason_a_due_date_and_a_lower_level():
    today = date(2023, 6, 1)
    keep = domain.outcome_errors(
        outcome=Outcome.KEEP, reason="", new_level="", lower=["二级"], due=None, today=today
    )
    assert keep == {}
    rectify = domain.outcome_errors(
        outcome=Outcome.RECTIFY, reason="", new_level="", lower=["二级"], due=today, today=today
    )
    assert set(rectify) == {"reason", "due"}
    down = domain.outcome_errors(
        outcome=Outcome.DOWNGRADE,
        reason="消防通道堵塞",
        new_level="一级",
        lower=["二级"],
        due=None,
        today=today,
    )
    assert down == {"new_level": "请选择降至的等级：二级"}
    lowest = domain.outcome_errors(
        outcome=Outcome.DOWNGRADE, reason="x", new_level="", lower=[], due=None, today=today
    )
    assert "撤销" in lowest["new_level"]


def test_review_figures_are_shares_of_the_grades_in_force():
    # 12 in force; 11 reviewed (10 in the round, 1 spot check only); 9 of the 10 annual kept.
    figures = domain.ReviewFigures(in_force=12, reviewed=11, annual=10, kept=9)
    assert figures.pass_rate == Decimal(90)
    assert figures.coverage.quantize(Decimal("0.01")) == Decimal("91.67")
    assert domain.ReviewFigures(0, 0, 0, 0).pass_rate == 0
