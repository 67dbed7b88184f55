"""Survey arithmetic against hand-computed figures from the seed's counts."""

from decimal import Decimal
from fractions import Fraction

import pytest

from guifan.surveys.domain import (
    PRESETS,
    check_printed_table,
    largest_remainder,
    survey_result,
    tally_error,
    to_decimal,
)

from .seed_table import COUNTS, SEED_PRINTED

SEED_WEIGHTS = PRESETS["seed"][1]


def test_the_seed_counts_give_92_52():
    # By hand: A 198, B 43, C 29 of 270 answers → (198 + 0.8×43 + 0.6×29) ÷ 270 × 100 = 249.8 ÷ 2.7.
    result = survey_result(COUNTS, SEED_WEIGHTS)
    assert result.score == Fraction(2498, 27)
    assert to_decimal(result.score) == Decimal("92.52")


@pytest.mark.parametrize(
    ("question", "expected"),
    # 10 × (A + 0.8 B + 0.6 C) ÷ 27, worked out by hand.
    [
        (1, "9.41"),
        (2, "9.19"),
        (3, "9.26"),
        (4, "9.26"),
        (5, "9.04"),
        (6, "9.41"),
        (7, "9.19"),
        (8, "9.33"),
        (9, "9.33"),
        (10, "9.11"),
    ],
)
def test_each_question_score(question, expected):
    assert to_decimal(survey_result(COUNTS, SEED_WEIGHTS).questions[question - 1].score) == Decimal(expected)


def test_satisfied_rate_is_a_plus_b_over_all_answers():
    result = survey_result(COUNTS, SEED_WEIGHTS)
    assert result.option_totals == [198, 43, 29, 0, 0]
    assert to_decimal(result.satisfied_rate) == Decimal("89.26")  # 241 ÷ 270
    assert result.respondents == 27


def test_displayed_shares_always_add_to_100():
    for question in survey_result(COUNTS, SEED_WEIGHTS).questions:
        assert sum(question.display_shares) == 100
    assert largest_remainder([Fraction(100, 3)] * 3) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


def test_other_presets_change_the_score_not_the_counts():
    equal = survey_result(COUNTS, PRESETS["equal"][1])
    assert to_decimal(equal.score) == Decimal("92.52")  # no D or E answers, so D/E weights do not matter
    lower = survey_result([(0, 0, 0, 27, 0)], PRESETS["nbs"][1])
    assert lower.score == 30


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        ([(1, 2), (3, -1)], "第2题的人数须为不小于0的整数"),
        ([(1, 2), (3, 1)], "各题合计人数应相同：第1题3人、第2题4人"),
    ],
)
def test_bad_tallies_are_refused(counts, message):
    assert message in tally_error(counts).replace("（每份问卷答全部题目）", "")


def test_the_seed_table_is_flagged_with_each_of_its_faults():
    problems = [str(p) for p in check_printed_table(SEED_PRINTED)]
    # Questions 5–10 print a D share although nobody chose D, so their shares add to 111% (107%).
    for q, total in [(5, "111"), (6, "111"), (7, "111"), (8, "107"), (9, "111"), (10, "111")]:
        assert any(p.startswith(f"第{q}题：各选项占比之和为{total}") for p in problems), q
        assert any(p.startswith(f"第{q}题D项：占比写") and "按人数0/27应为0.00%" in p for p in problems), q
        assert any(p.startswith(f"第{q}题D项：分数写") for p in problems), q
    # Their scores carry the phantom D points: 9.26 printed for question 5, 9.04 by the counts.
    assert "第5题：得分写9.26，按人数应为9.04" in problems
    assert "第6题：得分写9.63，按人数应为9.41" in problems
    # The total row: D shows 0.00% but 1.26 points; and the final score.
    assert "合计D项：分数写1.26，应为0.00" in problems
    assert "最终得分：写93.78，按人数应为92.52" in problems
    # Questions 3 and 4 print shares that, rounded one by one, add to 99.99%: flagged as rounding only.
    assert [p for p in problems if p.startswith(("第3题", "第4题"))] == [
        f"第{q}题：各选项占比之和为99.99%，与合计栏100%不符（逐项四舍五入所致，按最大余额法取舍可使各项之和恰为100%）"
        for q in (3, 4)
    ]
    # Questions 1 and 2 are right.
    assert not any(p.startswith(("第1题", "第2题")) for p in problems)


def test_a_consistent_table_has_no_problems():
    from guifan.surveys.domain import PrintedQuestion, PrintedTable

    result = survey_result(COUNTS, SEED_WEIGHTS)
    table = PrintedTable(
        questions=[
            PrintedQuestion(
                q.counts,
                tuple(q.display_shares),
                tuple(to_decimal(s) for s in q.option_scores),
                q.n,
                Decimal(100),
                to_decimal(q.score),
            )
            for q in result.questions
        ],
        total_counts=tuple(result.option_totals),
        total_shares=tuple(largest_remainder([Fraction(100 * t, 270) for t in result.option_totals])),
        total_scores=tuple(
            to_decimal(sum((q.option_scores[i] for q in result.questions), Fraction(0))) for i in range(5)
        ),
        final_score=to_decimal(result.score),
        weights=SEED_WEIGHTS,
    )
    assert check_printed_table(table) == []
