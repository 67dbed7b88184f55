"""The national 项目支出绩效自评表's rules on hand-made forms: each fault of the issue's examples is
found with the figures a reader would compute, and rounding at the printed precision never is."""

from decimal import Decimal

import pytest

from guifan.reports.document import Document, Para, Table
from guifan.reports.domain import Findings
from guifan.reports.domain.national import national_form
from guifan.reports.domain.national_figures import num, target
from guifan.reports.national import read_form

HEADER = [
    "绩效指标",
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]


def form(
    *,
    total=("202.64", "154.56", "132.912"),
    part=("202.64", "154.56", "132.912"),
    weight="10",
    rate="86%",
    score="8.6",
    indicators=(("培训人数", "≥180人", "185人", "30", "30"), ("合格率", "≥95%", "98%", "60", "60")),
    sum_score="98.6",
    goals=("完成培训。", "已完成。"),
    texts=(),
) -> Document:
    rows = [
        ["项目名称", "测试项目", None, None, None, None, None, None, None],
        ["项目资金（万元）", "", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分", ""],
        [None, "年度资金总额", *total, weight, rate, score, ""],
        [None, "其中：当年财政拨款", *part, "—", "—", "—", ""],
        [None, "上年结转资金", "", "", "", "—", "—", "—", ""],
        ["年度总体目标", "预期目标", None, None, None, "实际完成情况", None, None, None],
        [None, goals[0], None, None, None, goals[1], None, None, None],
        HEADER,
        *([None, "产出指标", "数量指标", name, t, a, w, s, ""] for name, t, a, w, s in indicators),
        ["总分", None, None, None, None, None, "100", sum_score, ""],
    ]
    return Document([Para("项目支出绩效自评表"), Table(rows, header_rows=0), *(Para(t) for t in texts)])


def findings(document: Document) -> set[tuple[str, str]]:
    out = Findings()
    national_form(read_form(document), out)
    return {(f.rule, f.subject) for f in out.items}


def test_a_consistent_form_has_no_finding():
    # 132.912 ÷ 154.56 = 85.99…% → 86%; 10 × 86% = 8.6; 30 + 60 + 8.6 = 98.6; 30 + 60 + 10 = 100
    assert findings(form()) == set()


@pytest.mark.parametrize(("rate", "score"), [("86.0%", "8.60"), ("85.99%", "9"), ("0.86", "8.6")])
def test_rounding_at_the_printed_precision_is_never_a_finding(rate, score):
    assert findings(form(rate=rate, score=score, sum_score="99" if score == "9" else "98.6")) == set()


def test_a_total_of_zero_above_its_own_parts_is_found_in_every_column():
    assert findings(form(total=("0", "0", "0"), rate="0", score="0", sum_score="90")) == {
        ("资金合计不符", "年初预算数"),
        ("资金合计不符", "全年预算数"),
        ("资金合计不符", "全年执行数"),
    }


def test_a_rate_that_is_not_spent_over_budget_and_its_score():
    assert findings(form(rate="95%", score="8.6")) == {("执行率不符", "执行率")}
    assert findings(form(score="10", sum_score="100")) == {("预算执行得分不符", "预算执行")}


def test_weights_include_the_budget_line_and_scores_add_up_to_the_total():
    ninety = (("培训人数", "≥180人", "185人", "30", "30"), ("合格率", "≥95%", "98%", "50", "50"))
    assert findings(form(indicators=ninety, sum_score="88.6")) == {("分值合计不符", "分值")}
    assert findings(form(sum_score="96")) == {("总分不符", "总分")}


def test_a_missed_target_with_full_points_and_a_claim_that_all_was_met():
    missed = (("培训人数", "≥180人", "164人", "30", "30"), ("合格率", "≥95%", "98%", "60", "60"))
    found = findings(form(indicators=missed, goals=("完成培训。", "各项绩效指标均已全面完成。")))
    assert found == {("未达标满分", "培训人数"), ("完成表述不符", "完成表述")}


def test_a_missed_target_that_lost_points_is_no_fault_of_scoring():
    missed = (("培训人数", "≥180人", "164人", "30", "27"), ("合格率", "≥95%", "98%", "60", "60"))
    assert findings(form(indicators=missed, sum_score="95.6")) == set()


def test_parts_of_an_amount_in_the_goals_and_in_the_text():
    goals = ("项目总投资202.64万元，其中设备购置100万元，培训74万元。", "已完成。")
    text = "本年共投入资金1987.08万元，其中人员经费1200万元，公用经费860.08万元。"
    assert findings(form(goals=goals, texts=[text])) == {
        ("目标金额不符", "年度总体目标"),
        ("文中合计不符", "正文"),
    }
    right = "全年支出：人员经费1200万元、公用经费787.08万元，合计1987.08万元。"
    assert findings(form(texts=[right])) == set()


def test_a_total_stated_before_其中_in_the_sentence_before():
    text = (
        "下达资金2263万元。其中:工程1435万元,维修25万元,饮水55万元,"
        "治理700万元,维养6万元,管理14万元,改革18万元。"
    )
    assert findings(form(texts=[text])) == {("文中合计不符", "正文")}  # the parts add to 2253


def test_figures_and_targets_are_read_as_printed():
    assert num("86%") == num("86%") and num("86%").value == Decimal(86) and num("86%").places == 0
    assert num("0.95", rate=True).value == Decimal(95)
    assert num("10分").value == Decimal(10)
    assert num("—") is None and num("完成") is None
    assert target("≥180人").operator == "≥" and target("≥180人").unit == "人"
    assert target("不低于95%").operator == "≥"
    assert target("100", "=").operator == "="
    assert target("按时完成") is None and target("180人") is None  # no operator: not judged


def platform_findings(document: Document) -> set[tuple[str, str]]:
    from guifan.evaluation.rulesets import ruleset

    out = Findings()
    national_form(read_form(document), out, ruleset("platform-caps"))
    return {(f.rule, f.subject) for f in out.items}


@pytest.mark.parametrize(
    ("rate", "cap"),
    [("85", None), ("80", None), ("79.99", "89"), ("70", "89"), ("65", "79"), ("55", "69"), ("45", "59")],
)
def test_the_platform_rules_cap_the_total_by_execution_rate(rate, cap):
    from guifan.evaluation.rulesets import ruleset

    found = ruleset("platform-caps").cap_for(Decimal(rate))
    assert found == (Decimal(cap) if cap else None)
    assert ruleset("national").cap_for(Decimal(rate)) is None


def test_a_total_over_the_cap_of_its_execution_rate():
    # 115.92 ÷ 154.56 = 75% → at most 89; indicators 30 + 60 and 预算执行 10 × 75% = 7.5 → 97.5
    capped = dict(
        total=("154.56", "154.56", "115.92"), part=("154.56", "154.56", "115.92"), rate="75%", score="7.5"
    )
    assert findings(form(**capped, sum_score="97.5")) == set()  # the national rules know no cap
    assert platform_findings(form(**capped, sum_score="97.5")) == {("总分超过执行率上限", "总分")}
    assert platform_findings(form(**capped, sum_score="89")) == set()


def test_an_overshot_target_loses_two_points_under_the_platform_rules():
    over = (("培训人数", "≥100人", "140人", "30", "30"), ("合格率", "≥95%", "98%", "60", "60"))
    assert findings(form(indicators=over)) == set()
    assert platform_findings(form(indicators=over)) == {("指标偏离未扣分", "培训人数")}
    deducted = (("培训人数", "≥100人", "140人", "30", "28"), ("合格率", "≥95%", "98%", "60", "60"))
    assert platform_findings(form(indicators=deducted, sum_score="96.6")) == set()
    just_under = (("培训人数", "≥100人", "129人", "30", "30"), ("合格率", "≥95%", "98%", "60", "60"))
    assert platform_findings(form(indicators=just_under)) == set()  # 29% over: no 偏离


def test_a_sentence_about_something_else_completed_is_no_claim_about_the_targets():
    missed = (("培训人数", "≥180人", "164人", "30", "27"), ("合格率", "≥95%", "98%", "60", "60"))
    other = "盘龙区申报的机构均已完成规范化建设，结余2万元。"
    assert findings(form(indicators=missed, sum_score="95.6", texts=[other])) == set()
    claim = "各项年度目标均已完成。"
    assert findings(form(indicators=missed, sum_score="95.6", texts=[claim])) == {
        ("完成表述不符", "完成表述")
    }
