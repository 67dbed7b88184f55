"""The checker holds the report to its appendix, the 绩效自评表 signed with the evaluation: a report
whose text and satisfaction table moved on (answers entered after sign-off) while the appendix kept
the signed figures is caught. Without a database; expected figures are worked out here by hand."""

from decimal import Decimal

from guifan.reports.document import Document, Para, Table
from guifan.reports.domain import check
from guifan.reports.extract import figures_of

HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]
TITLE = Para("2022年盲人按摩机构规范化建设绩效自评报告", "title")


def appendix(score="92.52分", rate="89.26%", execution="87.5%", total="96.00") -> Table:
    return Table(
        [
            HEADER,
            ["项目绩效", "项目产出", "成本／预算执行率", "≥100%", execution, "95", "91.00", ""],
            ["项目绩效", "满意度", "服务对象满意度／满意度得分", "≥90分", score, "3", "3.00", ""],
            ["项目绩效", "满意度", "服务对象满意度／满意率", "≥85%", rate, "2", "2.00", ""],
            ["总分", None, None, None, None, "100", total, "评定等级：优"],
        ],
        "附表　项目支出绩效自评表",
        merges=[(4, 0, 4, 4)],
    )


def survey_table() -> Table:
    """One question answered 22 / 2 / 3 (A / B / C) by 27 people, 100 points, weights 1, 0.8, 0.6:
    score 100 × (22 + 1.6 + 1.8) / 27 = 94.07; satisfied rate (22 + 2) / 27 = 88.89%."""
    head = [
        "问卷题目及选项",
        "项目",
        "A（非常满意）",
        "B（满意）",
        "C（一般）",
        "D（不满意）",
        "E（很不满意）",
        "合计人数",
    ]
    group = [
        ["人数", "22", "2", "3", "0", "0", "27"],
        ["占比", "81.48%", "7.41%", "11.11%", "0.00%", "0.00%", "100%"],
        ["分数", "81.48", "5.93", "6.67", "0.00", "0.00", "94.07"],
    ]
    rows = [head]
    for first in ("1.总体评价", "合计"):
        rows += [[first if i == 0 else None, *cells] for i, cells in enumerate(group)]
    rows.append(["最终得分（满意度得分）", None, "94.07", None, None, None, None, None])
    return Table(rows, "表4　满意度调查结果", merges=[(1, 0, 3, 0), (4, 0, 6, 0), (7, 0, 7, 1), (7, 2, 7, 7)])


def findings(*blocks):
    return [f for f in check(figures_of(Document([TITLE, *blocks]))) if f.rule == "与附表不符"]


def test_a_report_that_agrees_with_its_appendix_has_no_finding():
    text = Para(
        "使用2022年度资金支出14万元，为2022年度预算16万元的87.5%。满意度得分为92.52分；满意率为89.26%。"
        "最终自评得分96分，评定等级为优。"
    )
    assert check(figures_of(Document([TITLE, text, appendix()]))) == []


def test_the_texts_survey_figures_against_the_appendix_are_named_with_both_values():
    text = Para("共计收回有效问卷34份。按各题得分计算，满意度得分为91.53分；满意率为88.24%。")
    found = {(f.expected, f.found) for f in findings(text, appendix())}
    assert found == {("92.52分", "91.53分"), ("89.26%", "88.24%")}
    [score] = [f for f in findings(text, appendix()) if f.found == "91.53分"]
    assert (
        "服务对象满意度／满意度得分" in score.message and score.location == "开头下第2段"
    )  # the title is the first


def test_the_satisfaction_table_against_the_appendix():
    found = {(f.location, f.expected, f.found) for f in findings(survey_table(), appendix())}
    assert ("《满意度调查表》", "92.52分", "94.07分") in found
    assert ("《满意度调查表》", "89.26%", "88.89%") in found


def test_a_satisfaction_table_that_agrees_with_the_appendix_passes():
    assert findings(survey_table(), appendix(score="94.07分", rate="88.89%")) == []


def test_the_texts_total_score_against_the_appendixs_total():
    text = Para("最终自评得分95.5分，评定等级为优。")
    [f] = findings(text, appendix())
    assert (f.expected, f.found) == ("96", "95.5")


def test_the_texts_execution_rate_of_the_reports_year_against_the_appendix():
    own = Para("使用2022年度资金支出14万元，为2022年度预算16万元的87.5%。")
    assert [(f.expected, f.found) for f in findings(own, appendix(execution="90%"))] == [("90%", "87.5%")]
    other_year = Para("使用2021年度资金支出10万元，为2021年度预算10万元的100%。")
    assert findings(other_year, appendix()) == []  # another funding year's rate is not the appendix's


def test_the_appendix_figures_are_read_as_decimals():
    f = figures_of(Document([TITLE, appendix()]))
    assert f.year == 2022
    assert {(a.kind, a.value) for a in f.indicators.actuals} == {
        ("满意度得分", Decimal("92.52")),
        ("满意率", Decimal("89.26")),
        ("预算执行率", Decimal("87.5")),
    }
