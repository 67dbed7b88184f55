"""When a survey takes answers, its dates, and copying a questionnaire to another year (pure)."""

from datetime import date
from decimal import Decimal

import pytest

from guifan.core.dates import shift_years
from guifan.surveys.domain import (
    CLOSED,
    NOT_OPEN,
    OPEN,
    QuestionDraft,
    QuestionnaireDraft,
    dates_error,
    draft_for_year,
    draft_from_template,
    survey_state,
)

NOV_1, NOV_30 = date(2023, 11, 1), date(2023, 11, 30)


@pytest.mark.parametrize(
    ("today", "closed", "expected"),
    [
        (date(2023, 10, 31), False, NOT_OPEN),
        (NOV_1, False, OPEN),
        (NOV_30, False, OPEN),  # the close date itself still takes answers
        (date(2023, 12, 1), False, CLOSED),
        (NOV_1, True, CLOSED),  # closed by hand before the date
        (date(2023, 10, 31), True, CLOSED),
    ],
)
def test_a_survey_opens_on_its_date_and_closes_after_its_close_date_or_by_hand(today, closed, expected):
    assert survey_state(opens_on=NOV_1, closes_on=NOV_30, closed=closed, today=today) == expected


def test_blank_dates_mean_open_until_closed_by_hand():
    assert survey_state(opens_on=None, closes_on=None, closed=False, today=date(2030, 1, 1)) == OPEN


def test_a_close_date_before_the_open_date_names_both():
    field, message = dates_error(opens_on=NOV_30, closes_on=NOV_1, today=date(2023, 10, 1))
    assert field == "closes_on" and message == "截止日期2023年11月1日早于开始日期2023年11月30日"


def test_a_close_date_already_past_is_refused():
    field, message = dates_error(opens_on=None, closes_on=NOV_1, today=NOV_30)
    assert field == "closes_on" and "已过" in message
    assert dates_error(opens_on=NOV_1, closes_on=NOV_30, today=NOV_1) is None


def test_shifting_a_year_keeps_the_day_and_turns_29_february_into_28():
    assert shift_years(NOV_1) == date(2024, 11, 1)
    assert shift_years(date(2024, 2, 29)) == date(2025, 2, 28)
    assert shift_years(None) is None


def test_a_copy_for_the_next_year_renames_the_year_in_its_texts_only():
    draft = QuestionnaireDraft(
        title="昆明市2022年满意度调查",
        intro="2022年项目",
        preset="seed",
        year=2022,
        questions=(
            QuestionDraft(
                text="您对2022年工作（含2021年结转）的评价", options=(("A", "非常满意", Decimal(1)),)
            ),
        ),
    )
    copy = draft_for_year(draft, 2023)
    assert copy.title == "昆明市2023年满意度调查" and copy.intro == "2023年项目"
    assert copy.questions[0].text == "您对2023年工作（含2021年结转）的评价"
    assert copy.questions[0].options == (("A", "非常满意", Decimal(1)),)


def test_a_template_takes_its_presets_weights_in_option_order():
    draft = draft_from_template(
        {
            "year": 2022,
            "title": "t",
            "preset": "nbs",
            "questions": ["q1", "q2"],
            "options": [["A", "非常满意"], ["B", "满意"], ["C", "一般"], ["D", "不满意"], ["E", "很不满意"]],
        }
    )
    assert [w for _, _, w in draft.questions[1].options] == [
        Decimal(w) for w in ("1", "0.8", "0.6", "0.3", "0")
    ]
