"""Rules between the report and its appendix, the 项目支出绩效自评表: the form signed with the
evaluation. A survey still open after sign-off changed a report's text and satisfaction table (34份,
91.53分) while its appendix kept 92.52 — each figure the appendix also states is compared here."""

from decimal import Decimal

from .figures import (
    EXECUTION_RATE,
    QUESTIONNAIRES,
    SATISFACTION_SCORE,
    SATISFIED_RATE,
    Actual,
    Findings,
    ReportFigures,
    Stated,
    fmt,
    same,
)
from .satisfaction import table_figures

RULE = "与附表不符"
SURVEY_WHY = (
    "正文、满意度表和附表应使用同一次调查的结果（调查应在绩效自评签署前结束，签署后收到的答卷不再计入）"
)
WHY = {
    SATISFACTION_SCORE: SURVEY_WHY,
    SATISFIED_RATE: SURVEY_WHY,
    QUESTIONNAIRES: SURVEY_WHY,
    EXECUTION_RATE: "执行率应为本年度资金支出÷本年度预算，与附表一致",
}
UNITS = {SATISFACTION_SCORE: "分", SATISFIED_RATE: "%", QUESTIONNAIRES: "份", EXECUTION_RATE: "%"}


def agree(a: Decimal, b: Decimal) -> bool:
    """Two printed figures agree when either, rounded to the other's places, is the other."""
    return same(a, b) or same(b, a)


def appendix(f: ReportFigures, out: Findings) -> None:
    t = f.indicators
    if t is None:
        return
    where = f"{t.location}“{{}}”实际完成值"
    table = table_figures(f.satisfaction) if f.satisfaction is not None else None
    for a in t.actuals:
        unit = UNITS[a.kind]
        compared: list[tuple[Stated | None, str]] = []
        if a.kind == SATISFACTION_SCORE:
            compared.append((f.text.satisfaction_score, "文中满意度得分"))
            if table is not None:
                compared.append((Stated(table.score, f.satisfaction_location), "满意度表的满意度得分"))
        elif a.kind == SATISFIED_RATE:
            compared.append((f.text.satisfied_rate, "文中满意率"))
            if table is not None:
                compared.append((Stated(table.rate, f.satisfaction_location), "满意度表的满意率"))
        elif a.kind == QUESTIONNAIRES:
            compared.append((f.text.valid_questionnaires, "文中有效问卷数"))
            if table is not None:
                compared.append((Stated(Decimal(table.respondents), f.satisfaction_location), "满意度表人数"))
        elif a.kind == EXECUTION_RATE:
            for e in f.text.executions:
                if e.year is None or f.year is None or e.year == f.year:
                    compared.append((Stated(e.rate, e.location, e.year), "文中预算执行率"))
        for stated, label in compared:
            if stated is not None and not agree(stated.value, a.value):
                _add(out, a, stated, label, unit, where.format(a.indicator))
    _total(f, out)


def _add(out: Findings, a: Actual, stated: Stated, label: str, unit: str, appendix_at: str) -> None:
    out.add(
        RULE,
        stated.location,
        fmt(a.value, unit),
        fmt(stated.value, unit),
        f"{label}{fmt(stated.value, unit)}与{appendix_at}{fmt(a.value, unit)}不符：" + WHY[a.kind],
    )


def _total(f: ReportFigures, out: Findings) -> None:
    """The text's 自评得分 against the appendix's 总分, unless the score table already said so."""
    t, stated = f.indicators, f.text.total_score
    if t is None or t.total is None or stated is None or agree(stated.value, t.total.score):
        return
    if f.scores is not None:
        table = f.scores.total.score if f.scores.total else sum(r.score for r in f.scores.rows)
        if agree(table, t.total.score):
            return  # the score table agrees with the appendix: '文表不符' already names the text
    out.add(
        RULE,
        stated.location,
        fmt(t.total.score),
        fmt(stated.value),
        f"文中自评得分{fmt(stated.value)}分与{t.location}总分{fmt(t.total.score)}分不符",
    )
