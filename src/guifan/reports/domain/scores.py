"""Rules for the score table (表3, 一级指标得分表) and the 绩效自评表: weights, totals, grades."""

from decimal import Decimal

from guifan.evaluation.domain import grade_for

from .figures import HUNDRED, Findings, ReportFigures, fmt, same


def score_table(f: ReportFigures, out: Findings) -> None:
    t = f.scores
    if t is None:
        return
    weights = sum((r.weight for r in t.rows), Decimal(0))
    if weights != HUNDRED:
        out.add("权重合计", t.location, "100", fmt(weights), f"各一级指标权重之和为{fmt(weights)}，应为100")
    for r in t.rows:
        if r.score > r.weight:
            out.add(
                "得分超过权重", f"{t.location}“{r.name}”", f"≤{fmt(r.weight)}", fmt(r.score), "得分高于权重分"
            )
        if r.deduction is not None and r.deduction != r.weight - r.score:
            out.add(
                "扣分不符",
                f"{t.location}“{r.name}”",
                fmt(r.weight - r.score),
                fmt(r.deduction),
                f"扣分应为权重{fmt(r.weight)}减得分{fmt(r.score)}",
            )
    scores = sum((r.score for r in t.rows), Decimal(0))
    if t.total is not None:
        for label, found, expected in (("权重", t.total.weight, weights), ("得分", t.total.score, scores)):
            if found != expected:
                out.add(
                    "合计不符", f"{t.location}合计行", fmt(expected), fmt(found), f"合计{label}与各行之和不符"
                )
    total = t.total.score if t.total is not None else scores
    stated = f.text.total_score
    if stated is not None and not same(stated.value, total):
        out.add(
            "文表不符",
            stated.location,
            fmt(total),
            fmt(stated.value),
            f"文中自评得分与得分表合计{fmt(total)}分不符",
        )
    if f.text.grade is not None:
        grade, where = f.text.grade
        expected = grade_for(total)
        if grade != expected:
            out.add(
                "等级不符",
                where,
                expected,
                grade,
                f"总分{fmt(total)}分对应等级为“{expected}”（优≥90，良≥80，中≥60）",
            )


def indicator_table(f: ReportFigures, out: Findings) -> None:
    t = f.indicators
    if t is None:
        return
    weights = sum((r.weight for r in t.rows), Decimal(0))
    if weights != HUNDRED:
        out.add("权重合计", t.location, "100", fmt(weights), f"各末级指标分值之和为{fmt(weights)}，应为100")
    for r in t.rows:
        if r.score is not None and r.score > r.weight:
            out.add(
                "得分超过权重", f"{t.location}“{r.name}”", f"≤{fmt(r.weight)}", fmt(r.score), "得分高于分值"
            )
    scores = sum((r.score for r in t.rows if r.score is not None), Decimal(0))
    if t.total is not None and not same(t.total.score, scores):
        out.add(
            "合计不符", f"{t.location}总分行", fmt(scores), fmt(t.total.score), "总分与各指标得分之和不符"
        )
    if t.total is not None and t.grade and t.grade != grade_for(t.total.score):
        out.add("等级不符", f"{t.location}总分行", grade_for(t.total.score), t.grade, "评定等级与总分不符")
    indicator_total_vs_scores(f, out)


def indicator_total_vs_scores(f: ReportFigures, out: Findings) -> None:
    """The 绩效自评表's 总分 against the report's score table (表3)."""
    t = f.indicators
    if t is not None and f.scores is not None and t.total is not None:
        table_total = f.scores.total.score if f.scores.total else sum(r.score for r in f.scores.rows)
        if not same(t.total.score, table_total) and not same(table_total, t.total.score):
            out.add(
                "表表不符",
                f"{t.location}总分行",
                fmt(table_total),
                fmt(t.total.score),
                "绩效自评表总分与得分表不符",
            )
