"""Scoring methods against hand-computed values."""

import re
from decimal import Decimal as D

import pytest

from guifan.evaluation import domain
from guifan.evaluation.domain import (
    Deduction,
    Node,
    ScoringError,
    Target,
    declaration_groups,
    declaration_place,
    evaluation_name,
    target_value,
)


def test_budget_execution_of_14_of_16_wan_scores_8_75_of_10_shown_as_9_in_whole_points():
    rate = D(14) / D(16) * 100  # 87.5%
    score = domain.budget_execution(D(10), rate)
    assert score == D("8.75")
    assert domain.display(score, 0) == 9
    assert domain.display(score, 2) == D("8.75")
    assert score == D("8.75")  # display never changes the stored value


def test_budget_execution_above_100_percent_is_capped():
    assert domain.budget_execution(D(10), D(150)) == 10  # the seed's "150%" would earn no more


def test_ratio_is_capped_at_the_weight():
    assert domain.ratio(D(6), D(12), D(8)) == 6  # 12 institutions against a target of 8
    assert domain.ratio(D(6), D(6), D(8)) == D("4.5")  # 6 × 6 ÷ 8


def test_inverse_ratio_for_costs():
    assert domain.inverse_ratio(D(3), D(20000), D(20000)) == 3
    assert domain.inverse_ratio(D(3), D(25000), D(20000)) == D("2.4")  # 3 × 20000 ÷ 25000


def test_a_zero_target_is_refused():
    with pytest.raises(ScoringError, match="目标值必须大于0"):
        domain.ratio(D(5), D(1), D(0))


def test_equality():
    assert domain.equality(D(4), D(100), D(100)) == 4
    assert domain.equality(D(4), D(99), D(100)) == 0


def test_qualitative_scores_must_fall_in_their_band():
    assert domain.qualitative(D(4), "partly", D(3)) == 3
    with pytest.raises(ScoringError, match=re.escape("“部分达成”的得分应在2至3.2分之间")):
        domain.qualitative(D(4), "partly", D("3.5"))


def test_deductions_need_reasons_and_stop_at_zero():
    assert domain.deductions(D(5), [Deduction(D(1), "档案缺一份"), Deduction(D("0.5"), "公示照片不清")]) == D(
        "3.5"
    )
    assert domain.deductions(D(2), [Deduction(D(3), "严重违规")]) == 0
    with pytest.raises(ScoringError, match="写明原因"):
        domain.deductions(D(5), [Deduction(D(1), " ")])


def tree(scores: dict[str, D | None], na: set[str] = frozenset()) -> list[Node]:
    def leaf(code, weight):
        return Node(code, code, D(weight), score=scores.get(code), not_applicable=code in na)

    return [
        Node("A", "决策", D(20), [leaf("A1", 10), leaf("A2", 10)]),
        Node("B", "管理", D(20), [leaf("B1", 20)]),
        Node("C", "绩效", D(60), [leaf("C1", 30), leaf("C2", 30)]),
    ]


def test_total_and_grade():
    result = domain.total(tree({"A1": D(10), "A2": D(10), "B1": D(20), "C1": D(28), "C2": D(28)}))
    assert (result.total, result.grade) == (96, "优")


@pytest.mark.parametrize(
    ("value", "grade"), [(90, "优"), (D("89.99"), "良"), (80, "良"), (60, "中"), (59, "差")]
)
def test_grade_bands(value, grade):
    assert domain.grade_for(D(value)) == grade


def test_not_applicable_indicators_are_dropped_and_the_rest_rescaled():
    # C2 (30 points) not applicable: 63 earned of 70 applicable → 90.
    result = domain.total(tree({"A1": D(10), "A2": D(5), "B1": D(20), "C1": D(28)}, na={"C2"}))
    assert (result.raw, result.applicable, result.total, result.rescaled) == (63, 70, 90, True)


def test_weights_that_do_not_add_up_are_named():
    nodes = tree({})
    nodes[0].children[1].weight = D(9)
    assert domain.validate(nodes) == ["“决策”的下级指标分值合计为19，应等于20"]


def test_scores_out_of_range_and_overrides_without_reason_are_refused():
    nodes = tree({"A1": D(11)})
    nodes[1].children[0].override = D(15)
    assert domain.validate(nodes) == ["“A1”得分11超出0至10分", "“B1”的人工调整须写明理由"]


def test_sign_off_needs_every_leaf_and_deviation_texts():
    nodes = tree({"A1": D(10), "A2": D(8), "B1": D(20), "C1": D(30)})
    assert domain.sign_off_problems(nodes) == ["“A2”未得满分，须填写偏差原因分析及改进措施", "“C2”尚未评分"]


# ---- names and the 绩效目标申报表 -------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("2023年度 本市指标", "本市指标"),
        ("2023年本市指标", "本市指标"),
        ("本市指标", "本市指标"),
        ("2022年度指标", "2022年度指标"),
    ],
)
def test_the_year_typed_in_front_of_a_name_is_dropped_so_it_is_not_shown_twice(typed, kept):
    assert evaluation_name(2023, typed) == kept


@pytest.mark.parametrize(
    "path, place",
    [
        (["产出指标", "数量指标"], ("产出指标", "数量指标")),
        (["项目绩效", "项目产出", "数量"], ("产出指标", "数量指标")),
        (["项目绩效", "项目产出", "时效"], ("产出指标", "时效指标")),
        (["项目绩效", "项目效益", "可持续影响"], ("效益指标", "可持续影响指标")),
        (["效益指标", "社会效益指标"], ("效益指标", "社会效益指标")),
        (["项目绩效", "满意度", "服务对象满意度"], ("满意度指标", "服务对象满意度指标")),
        (["项目决策", "项目立项", "立项"], None),
        (["项目管理", "资金管理", "资金"], None),
        (["预算执行率"], None),
    ],
)
def test_each_leaf_finds_its_place_in_the_declaration_or_none(path, place):
    assert declaration_place(path) == place


def test_targets_are_grouped_in_the_forms_order_without_process_indicators():
    leaves = [
        (["项目决策", "项目立项", "立项"], Target("立项依据充分性", "定性")),
        (["项目绩效", "满意度", "服务对象满意度"], Target("满意度得分", "≥90分")),
        (["项目绩效", "项目产出", "成本"], Target("单位补助成本", "≤20000元/家")),
        (["项目绩效", "项目产出", "成本"], Target("预算执行率", "≥100%")),
        (["项目绩效", "项目产出", "数量"], Target("扶持机构数量", "≥8家")),
        (["项目绩效", "项目效益", "社会效益"], Target("盲人就业稳定性", "定性")),
    ]
    groups = [(g.first, g.second, [t.name for t in g.targets]) for g in declaration_groups(leaves)]
    assert groups == [
        ("产出指标", "数量指标", ["扶持机构数量"]),
        ("产出指标", "成本指标", ["单位补助成本"]),
        ("效益指标", "社会效益指标", ["盲人就业稳定性"]),
        ("满意度指标", "服务对象满意度指标", ["满意度得分"]),
    ]


def test_target_values_read_as_the_form_writes_them():
    assert target_value("≥", D("8.0000"), "家") == "≥8家"
    assert target_value("≤", D("20000"), "元/家") == "≤20000元/家"
    assert target_value("定性", None, "") == "定性"
