"""The checker and the reader, without a database. Expected figures are computed here from the seed's
counts (../shared/spec/PRODUCT.md), never taken from the code under test."""

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from guifan.reports import narrative
from guifan.reports.audit import audit_file
from guifan.reports.document import Document, Para, Table
from guifan.reports.domain import (
    CountyGroup,
    FundsRow,
    InstitutionTable,
    ReportFigures,
    ScoreRow,
    ScoreTable,
    Stated,
    check,
)
from guifan.reports.extract import figures_of
from guifan.reports.readers import UnreadableReport, read_docx

SEED = Path(__file__).parent / "fixtures" / "seed-report.docx"
COUNTS = [
    (22, 2, 3, 0, 0),
    (19, 5, 3, 0, 0),
    (20, 4, 3, 0, 0),
    (20, 4, 3, 0, 0),
    (17, 7, 3, 0, 0),
    (22, 2, 3, 0, 0),
    (19, 5, 3, 0, 0),
    (20, 5, 2, 0, 0),
    (21, 3, 3, 0, 0),
    (18, 6, 3, 0, 0),
]
WEIGHTS = (Fraction(1), Fraction(8, 10), Fraction(6, 10), Fraction(2, 10), Fraction(0))


def seed_score() -> Decimal:
    exact = sum(
        Fraction(10) * sum(Fraction(c, 27) * w for c, w in zip(q, WEIGHTS, strict=True)) for q in COUNTS
    )
    return (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


@pytest.fixture(scope="module")
def seed_findings():
    return audit_file(str(SEED)).findings


def by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_the_seed_score_from_its_counts_is_92_52():
    assert seed_score() == Decimal("92.52")


def test_the_audit_finds_rows_of_shares_adding_to_111_and_107_percent(seed_findings):
    sums = {f.found for f in by_rule(seed_findings, "满意度表") if f.expected == "100%"}
    assert {"111.11%", "107.41%"} <= sums
    row_111 = next(f for f in seed_findings if f.found == "111.11%")
    for q in (5, 6, 7, 9, 10):
        assert f"第{q}题" in row_111.location


def test_the_audit_finds_the_printed_total_93_78_against_92_52(seed_findings):
    final = next(f for f in seed_findings if f.location.endswith("最终得分"))
    assert (final.found, final.expected) == ("93.78", str(seed_score()))


def test_the_audit_explains_the_150_percent_as_two_years_of_money(seed_findings):
    over = by_rule(seed_findings, "执行率超过100%")
    assert len(over) == 1 and over[0].found == "150%"
    assert over[0].expected == f"{Decimal(14) * 100 / 16}%"  # 14 paid from 2022 funds ÷ 16 budget
    assert "2021年度资金10万元" in over[0].message
    assert over[0].location.count("段") == 4  # the sentence appears four times in the seed


def test_the_audit_finds_12_completed_against_a_target_of_8_with_5_from_2021(seed_findings):
    target = by_rule(seed_findings, "完成数与年度目标不符")
    assert len(target) == 1
    assert (target[0].expected, target[0].found) == ("年度目标8家", "12家")
    assert "其中5家使用2021年度资金" in target[0].message and "本年度资金完成7家" in target[0].message


def test_the_audit_finds_surveyed_counties_that_are_not_the_participating_ones(seed_findings):
    counties = by_rule(seed_findings, "调查县区不符")
    messages = " ".join(f.message for f in counties)
    for no_institution in ("呈贡区", "安宁市", "禄劝县", "嵩明县", "石林县"):
        assert no_institution in messages
    for not_surveyed in ("盘龙区", "官渡区", "富民县"):
        assert not_surveyed in messages


def test_the_audit_finds_the_94_percent_satisfaction_that_matches_neither_figure(seed_findings):
    vague = next(f for f in seed_findings if f.found == "94%")
    assert "89.26%" in vague.expected and str(seed_score()) in vague.expected  # (22+…)/270 = 241/270


def test_the_seed_reader_resolves_merged_cells():
    tables = [b for b in read_docx(str(SEED)).blocks if isinstance(b, Table)]
    institutions = next(t for t in tables if t.rows[0][1] == "机构名称")
    assert institutions.rows[2][5] is None  # 五华区's count spans two rows
    assert (13, 0, 13, 4) in institutions.merges  # 合计 spans five columns
    assert (1, 5, 2, 5) in institutions.merges


def test_an_unreadable_file_is_refused_in_chinese(tmp_path):
    bad = tmp_path / "report.docx"
    bad.write_text("not a word document")
    with pytest.raises(UnreadableReport, match="无法读取"):
        read_docx(str(bad))


def test_scores_weights_grades_and_deductions_are_checked():
    f = ReportFigures(
        scores=ScoreTable(
            "得分表",
            [
                ScoreRow("A", Decimal(20), Decimal(21), Decimal(0)),
                ScoreRow("B", Decimal(70), Decimal(60), Decimal(5)),
            ],
            ScoreRow("合计", Decimal(90), Decimal(81), Decimal(5)),
        )
    )
    f.text.grade = ("优", "正文")
    rules = [x.rule for x in check(f)]
    assert rules.count("权重合计") == 1  # 20 + 70 ≠ 100
    assert "得分超过权重" in rules  # 21 > 20
    assert "扣分不符" in rules  # 70 − 60 ≠ 5
    assert "等级不符" in rules  # 81 is 良


def test_count_times_standard_and_execution_rates_are_checked():
    f = ReportFigures(
        institutions=InstitutionTable("名单", [CountyGroup("五华区", 2, 2, Decimal(5))], 2, Decimal(5)),
        funds=[FundsRow(2022, Decimal(16), Decimal(14), 7, Decimal("90"))],
    )
    f.text.standard = Stated(Decimal(2), "正文")
    found = {(x.rule, x.expected, x.found) for x in check(f)}
    assert ("数量×标准≠金额", "4万元", "5万元") in found
    assert ("执行率不符", "87.5%", "90%") in found


def test_a_consistent_document_has_no_findings():
    document = Document(
        [
            Para("最终自评得分96分，评定等级为优。"),
            Table(
                [
                    ["一级指标", "权重分", "得分", "扣分"],
                    ["A", "40", "40", "0"],
                    ["B", "60", "56", "4"],
                    ["合计", "100", "96", "4"],
                ]
            ),
        ]
    )
    assert check(figures_of(document)) == []


def test_narrative_placeholders_are_filled_and_unknown_ones_named():
    assert narrative.fill("执行率{执行率}", {"执行率": "87.5%"}) == "执行率87.5%"
    assert narrative.unknown("{执行率}与{不存在}", {"执行率"}) == ["不存在"]


def test_every_default_text_uses_only_computed_placeholders():
    from guifan.reports.builder import placeholder_names

    names = set(placeholder_names())
    assert {p for b in narrative.BLOCKS for p in narrative.placeholders(b.default)} <= names
