"""Rules for the satisfaction table and the survey paragraph: counts, shares, scores, counties."""

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from guifan.surveys import domain as surveys
from guifan.surveys.domain import PrintedTable

from .figures import Findings, ReportFigures, fmt, same


@dataclass(frozen=True)
class TableFigures:
    """What a printed satisfaction table comes to, recomputed from its counts."""

    respondents: int
    score: Decimal
    rate: Decimal
    result: surveys.SurveyResult


def table_figures(table: PrintedTable) -> TableFigures:
    result = surveys.survey_result([q.counts for q in table.questions], table.weights, table.keys)
    return TableFigures(
        result.respondents,
        Decimal(str(surveys.to_decimal(result.score))),
        surveys.to_decimal(result.satisfied_rate),
        result,
    )


def satisfaction_table(f: ReportFigures, out: Findings) -> None:
    table = f.satisfaction
    if table is None:
        return
    for p in surveys.check_printed_table(table):
        out.add("满意度表", f"{f.satisfaction_location}{p.where}", p.expected, p.found, p.message)
    figures = table_figures(table)
    result = figures.result
    text = f.text
    n = figures.respondents
    if text.valid_questionnaires is not None and text.valid_questionnaires.value != n:
        out.add(
            "文表不符",
            text.valid_questionnaires.location,
            n,
            fmt(text.valid_questionnaires.value),
            f"文中有效问卷数与满意度表人数{n}不符",
        )
    score, rate = figures.score, figures.rate
    if text.satisfaction_score is not None and not same(text.satisfaction_score.value, score):
        out.add(
            "文表不符",
            text.satisfaction_score.location,
            fmt(score),
            fmt(text.satisfaction_score.value),
            "文中满意度得分与按人数计算的得分不符",
        )
    if text.satisfied_rate is not None and not same(text.satisfied_rate.value, rate):
        out.add(
            "文表不符",
            text.satisfied_rate.location,
            fmt(rate, "%"),
            fmt(text.satisfied_rate.value, "%"),
            "文中满意率与（A+B）/问卷数不符",
        )
    vague = text.satisfaction_percent
    if vague is not None and not (same(vague.value, rate) or same(vague.value, score)):
        out.add(
            "文表不符",
            vague.location,
            f"满意率{fmt(rate, '%')}或满意度得分{fmt(score)}分",
            fmt(vague.value, "%"),
            f"文中满意度{fmt(vague.value, '%')}与满意度表不符：满意率（A+B）/问卷数为{fmt(rate, '%')}，"
            f"满意度得分为{fmt(score)}分",
        )
    if text.very_satisfied is not None and result.option_totals:
        grand = sum(result.option_totals)
        share = surveys.to_decimal(Fraction(100 * result.option_totals[0], grand)) if grand else Decimal(0)
        if not same(text.very_satisfied.value, share):
            out.add(
                "文表不符",
                text.very_satisfied.location,
                fmt(share, "%"),
                fmt(text.very_satisfied.value, "%"),
                "文中“非常满意”比例与满意度表不符",
            )


def survey_counties(f: ReportFigures, out: Findings) -> None:
    text, t = f.text, f.institutions
    if not text.survey_counties:
        return
    where = text.survey_location
    if text.survey_count is not None and text.survey_count != len(text.survey_counties):
        out.add(
            "文中计数不符",
            where,
            len(text.survey_counties),
            text.survey_count,
            "列出的县区数与“等N个县区”不符",
        )
    if t is None:
        return
    surveyed = set(text.survey_counties)
    with_institutions = [g.county for g in t.groups]
    missing = [c for c in with_institutions if c not in surveyed]
    extra = [c for c in text.survey_counties if c not in with_institutions]
    if text.survey_claims_participating and extra:
        out.add(
            "调查县区不符",
            where,
            "、".join(with_institutions),
            "、".join(text.survey_counties),
            f"文中称调查的是参加规范化建设的县区，但{'、'.join(extra)}没有参加机构",
        )
    if missing and sorted(text.unsurveyed_disclosed or []) != sorted(missing):
        out.add(
            "调查县区不符",
            where,
            "、".join(with_institutions),
            "、".join(text.survey_counties),
            f"有参加机构的{'、'.join(missing)}未开展满意度调查，正文未说明",
        )
