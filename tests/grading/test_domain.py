"""The workflow table and scoring rules, without a database; expectations worked out by hand."""

from datetime import date
from decimal import Decimal

import pytest

from guifan.grading import domain
from guifan.grading.constants import Action, State

HAPPY_PATH = [
    (Action.SUBMIT, "operator", State.SUBMITTED),
    (Action.APPROVE, "county_officer", State.COUNTY_APPROVED),
    (Action.START_CONSTRUCTION, "county_officer", State.CONSTRUCTION),
    (Action.FINISH_SELF_INSPECTION, "county_officer", State.SELF_INSPECTED),
    (Action.START_CITY_INSPECTION, "inspector", State.CITY_INSPECTION),
    (Action.REQUIRE_RECTIFICATION, "inspector", State.RECTIFICATION),
    (Action.SUBMIT_RECTIFICATION, "operator", State.RECTIFICATION_SUBMITTED),
    (Action.START_REINSPECTION, "inspector", State.REINSPECTION),
    (Action.ACCEPT, "inspector", State.ACCEPTED),
    (Action.PUBLISH, "city_admin", State.PUBLICITY),
    (Action.RAISE_OBJECTION, "public", State.OBJECTION),
    (Action.DISMISS_OBJECTION, "city_admin", State.PUBLICITY),
    (Action.COUNCIL_APPROVE, "city_admin", State.COUNCIL_APPROVED),
    (Action.MARK_PAID, "system", State.PAID),
]


def test_the_whole_path_from_draft_to_paid():
    state = State.DRAFT
    for action, role, expected in HAPPY_PATH:
        state = domain.next_state(state, action, role)
        assert state == expected


ALL_ROLES = ["operator", "county_officer", "city_admin", "inspector", "auditor", "public", "system"]


@pytest.mark.parametrize("state", State.values)
@pytest.mark.parametrize("action", Action.values)
def test_every_state_and_action_outside_the_table_is_refused(state, action):
    rule = domain.TRANSITIONS[action]
    for role in ALL_ROLES:
        if state in rule.sources and role in rule.roles:
            assert domain.next_state(state, action, role) == rule.target
        else:
            with pytest.raises(domain.InvalidTransition):
                domain.next_state(state, action, role)


def test_the_refusal_says_why_in_chinese():
    with pytest.raises(domain.InvalidTransition, match="当前状态为“草稿”，不能“验收通过”"):
        domain.next_state(State.DRAFT, Action.ACCEPT, "inspector")
    with pytest.raises(domain.InvalidTransition, match="您的角色不能“县区审核通过”"):
        domain.next_state(State.SUBMITTED, Action.APPROVE, "operator")


def test_auditors_never_act():
    assert all(not domain.available_actions(state, "auditor") for state in State.values)


def test_final_states_allow_nothing():
    for state in domain.FINAL:
        for role in ALL_ROLES:
            assert domain.available_actions(state, role) == []


def test_buttons_exclude_steps_done_elsewhere():
    assert domain.available_actions(State.ACCEPTED, "city_admin") == []  # publish is a batch
    assert domain.available_actions(State.SUBMITTED, "county_officer") == [
        Action.RETURN,
        Action.APPROVE,
        Action.WITHDRAW,
        Action.NOT_COMPLETE,
    ]


BANDS = [domain.Band(Decimal(90), "一级"), domain.Band(Decimal(80), "二级"), domain.Band(Decimal(70), "三级")]


@pytest.mark.parametrize(
    ("total", "grade"),
    [("100", "一级"), ("90", "一级"), ("89.9", "二级"), ("80", "二级"), ("70", "三级"), ("69.9", "不予评定")],
)
def test_grades_follow_the_bands_at_their_edges(total, grade):
    assert domain.grade_for(Decimal(total), BANDS) == grade


ITEMS = [
    domain.ItemRule(1, Decimal(5), veto=True),
    domain.ItemRule(2, Decimal(45)),
    domain.ItemRule(3, Decimal(50)),
]


def test_totals_and_grade_from_item_scores():
    result = domain.inspection_result(ITEMS, {1: Decimal(5), 2: Decimal("40.5"), 3: Decimal(48)}, BANDS)
    assert (result.total, result.maximum, result.grade, result.passed) == (Decimal("93.5"), 100, "一级", True)


def test_a_failed_veto_item_fails_whatever_the_total():
    result = domain.inspection_result(ITEMS, {1: Decimal(4), 2: Decimal(45), 3: Decimal(50)}, BANDS)
    assert result.total == 99
    assert (result.veto_failed, result.grade, result.passed) == ((1,), "不予评定", False)


def test_a_missing_item_means_no_result_yet():
    result = domain.inspection_result(ITEMS, {1: Decimal(5)}, BANDS)
    assert result.missing == (2, 3) and not result.complete and not result.passed


@pytest.mark.parametrize(
    ("points", "message"),
    [
        (None, "请填写得分"),
        (Decimal(-1), "不能小于0"),
        (Decimal(6), "不能超过本项满分5"),
        (Decimal("4.55"), "一位小数"),
    ],
)
def test_bad_scores_are_explained(points, message):
    assert message in domain.score_error(points, Decimal(5))


def test_publicity_counts_working_days_and_skips_holidays():
    # Mon 2022-09-26 + 5 working days, with the National Day holiday not reached: ends Fri 09-30.
    assert domain.publicity_end(date(2022, 9, 26), 5, set()) == date(2022, 9, 30)
    # Starting Thursday 09-29: Thu 1, Fri 2, 10-01..07 National Day (listed holidays), 10-08/09 the
    # weekend (make-up working days are not modelled), Mon 10-10 3, Tue 10-11 4, Wed 10-12 5.
    national_day = {date(2022, 10, d) for d in range(1, 8)}
    assert domain.publicity_end(date(2022, 9, 29), 5, national_day) == date(2022, 10, 12)
    # A start on Saturday counts from Monday.
    assert domain.publicity_end(date(2022, 7, 30), 1, set()) == date(2022, 8, 1)


def test_an_objection_reference_cannot_be_guessed_by_counting():
    from guifan.grading.domain import REFERENCE_ALPHABET, objection_reference

    assert objection_reference(2023, 7, "K7QM") == "2023-0007-K7QM"
    # No 0/O, 1/I/L: a reference read out over the phone is typed back right.
    assert not set("0O1IL") & set(REFERENCE_ALPHABET)
