"""The report's tables and its chart, built from the facts `builder.gather` collected."""

from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from guifan.core.money import fen_to_wan
from guifan.core.phones import mask_phone
from guifan.evaluation.domain import display
from guifan.evaluation.selectors import SELF_EVALUATION_HEADER, Sheet
from guifan.surveys.domain import largest_remainder, to_decimal
from guifan.surveys.selectors import Results

from . import chart
from .document import Chart, Table

if TYPE_CHECKING:
    from .builder import Facts

SATISFACTION_HEADER = ["问卷题目及选项", "项目"]


def wan(fen: int) -> str:
    return f"{fen_to_wan(fen)}"


def pct(value: Decimal | None) -> str:
    return "—" if value is None else f"{value.normalize():f}%"


def places_of(s: Sheet) -> int:
    """The sheet's display places, unless rounding would make the score table not add up."""
    shown = sum(display(score, s.places) for _, _, score, _ in s.first_level)
    return s.places if shown == display(s.total.total, s.places) else 2


def institutions_table(f: "Facts") -> Table:
    year = f.programme.year
    rows: list[list[str | None]] = [
        ["序号", "机构名称", "所属县区", "负责人姓名", "电话", "县区机构数（家）", "县区资金合计（万元）"]
    ]
    merges = []
    for apps, paid in f.accepted:
        if len(apps) > 1:
            merges += [(len(rows), c, len(rows) + len(apps) - 1, c) for c in (5, 6)]
        for i, (number, a) in enumerate(apps):
            first = i == 0
            rows.append(
                [
                    str(number),
                    a.institution.name,
                    a.county.name,
                    a.institution.responsible_person,
                    mask_phone(a.institution.phone),
                    str(len(apps)) if first else None,
                    wan(paid) if first else None,
                ]
            )
    count = sum(len(a) for a, _ in f.accepted)
    merges.append((len(rows), 0, len(rows), 4))
    rows.append(["合计", None, None, None, None, str(count), wan(sum(p for _, p in f.accepted))])
    return Table(
        rows,
        f"表1　{year}年度规范化建设量化分级评定机构名单和补助经费表（电话已隐去中间四位）",
        merges=merges,
        nowrap=(2, 3, 4),
    )


def funds_table(f: "Facts") -> Table:
    rows: list[list[str | None]] = [
        [
            "资金年度",
            "预算（万元）",
            "到位（万元）",
            "下拨（万元）",
            "拨付机构（家）",
            "拨付金额（万元）",
            "结余（万元）",
            "执行率",
        ]
    ]
    for y in f.money.years:
        rows.append(
            [
                f"{y.source.year}年度",
                wan(y.source.budget),
                wan(y.received),
                wan(y.transferred - y.recovered),
                str(y.institutions),
                wan(y.paid),
                wan(y.county_balance + y.unallocated),
                pct(y.execution_rate),
            ]
        )
    return Table(rows, "表2　资金来源及使用情况（执行率＝该年度资金支出÷该年度预算）")


def scores_table(s: Sheet) -> Table:
    places = places_of(s)
    rows: list[list[str | None]] = [["一级指标", "权重分", "得分", "扣分"]]
    for name, weight, score, _ in s.first_level:
        shown = display(score, places)
        rows.append([name, f"{display(weight, 0)}", f"{shown}", f"{display(weight, 0) - shown}"])
    total = display(s.total.total, places)
    rows.append(["合计", "100", f"{total}", f"{100 - total}"])
    return Table(rows, "表3　项目绩效指标体系得（扣）分情况")


def scores_chart(s: Sheet, with_png: bool) -> Chart:
    places = places_of(s)
    labels = [name for name, *_ in s.first_level]
    weights = [display(w, 0) for _, w, _, _ in s.first_level]
    scores = [display(score, places) for _, _, score, _ in s.first_level]
    c = Chart("图1　各一级指标权重分与得分", labels, [("权重分", weights), ("得分", scores)])
    c.alt = "；".join(f"{n}：权重分{w}，得分{sc}" for n, w, sc in zip(labels, weights, scores, strict=True))
    if with_png:
        c.png = chart.bar_png(c)
    return c


def satisfaction_table(res: Results) -> Table:
    keys = res.keys
    header = (
        SATISFACTION_HEADER
        + [f"{k}（{label}）" for k, label in zip(keys, res.labels, strict=True)]
        + ["合计人数"]
    )
    width = len(header)
    rows: list[list[str | None]] = [[res.questionnaire.title] + [None] * (width - 1), header]
    merges = [(0, 0, 0, width - 1)] + [(2 + 3 * i, 0, 4 + 3 * i, 0) for i in range(len(res.rows) + 1)]
    for q, r, shares, scores in res.rows:
        rows.append([f"{q.number}.{q.text}", "人数", *(str(c) for c in r.counts), str(r.n)])
        rows.append([None, "占比", *(f"{s}%" for s in shares), "100%"])
        rows.append([None, "分数", *(f"{s}" for s in scores), f"{to_decimal(r.score)}"])
    totals = res.result.option_totals
    grand = sum(totals)
    shares = (
        largest_remainder([Fraction(100 * t, grand) for t in totals]) if grand else [Decimal(0)] * len(keys)
    )
    option_scores = [
        to_decimal(sum((q.option_scores[i] for q in res.result.questions), Fraction(0)))
        for i in range(len(keys))
    ]
    rows.append(["合计", "人数", *(str(t) for t in totals), str(grand)])
    rows.append([None, "占比", *(f"{s}%" for s in shares), "100%"])
    rows.append([None, "分数", *(f"{s}" for s in option_scores), f"{to_decimal(res.result.score)}"])
    merges.append((len(rows), 2, len(rows), width - 1))
    merges.append((len(rows), 0, len(rows), 1))
    rows.append(["最终得分（满意度得分）", None, f"{to_decimal(res.result.score)}"] + [None] * (width - 3))
    return Table(rows, "表4　满意度调查结果（分数＝每题分值×占比×选项权重）", header_rows=2, merges=merges)


def indicators_table(s: Sheet) -> Table:
    rows: list[list[str | None]] = [list(SELF_EVALUATION_HEADER)]
    for row in s.leaves:
        rows.append(
            [
                *row.levels(),
                row.target_text,
                row.actual_text,
                f"{display(row.indicator.weight, 0)}",
                row.score_text(2),
                row.indicator.deviation,
            ]
        )
    rows.append(
        ["总分", None, None, None, None, "100", f"{display(s.total.total, 2)}", f"评定等级：{s.total.grade}"]
    )
    total = len(rows) - 1
    return Table(rows, "附表　项目支出绩效自评表", merges=[(total, 0, total, 4)])
