"""The consistency checker: the figures of a self-evaluation report in, findings out. Pure Python.

Each rule compares what a report states with what its own tables and counts imply. A finding names
the rule, where it is, the value expected and the value found, in plain Chinese. The figures come
from `extract.figures_of` — for Guifan's own reports and for reports written elsewhere alike.
"""

from .appendix import appendix
from .figures import (
    EXECUTION_RATE,
    HUNDRED,
    QUESTIONNAIRES,
    SATISFACTION_SCORE,
    SATISFIED_RATE,
    Actual,
    CountyGroup,
    Execution,
    Finding,
    Findings,
    FundsRow,
    IndicatorTable,
    InstitutionTable,
    ReportFigures,
    ScoreRow,
    ScoreTable,
    Stated,
    TextFacts,
    fmt,
    places,
    same,
)
from .funds import annual_target, execution_rates, funds_table, institution_table
from .national import national_form
from .satisfaction import satisfaction_table, survey_counties
from .scores import indicator_table, indicator_total_vs_scores, score_table

__all__ = [
    "EXECUTION_RATE",
    "HUNDRED",
    "QUESTIONNAIRES",
    "SATISFACTION_SCORE",
    "SATISFIED_RATE",
    "Actual",
    "CountyGroup",
    "Execution",
    "Finding",
    "FundsRow",
    "IndicatorTable",
    "InstitutionTable",
    "ReportFigures",
    "ScoreRow",
    "ScoreTable",
    "Stated",
    "TextFacts",
    "check",
    "fmt",
    "merged",
    "places",
    "same",
]


def check(f: ReportFigures, rules=None) -> list[Finding]:
    """Every rule on the report's figures; `rules`: the scoring rule set (evaluation.rulesets) that
    the national form's rules apply, the national one when None."""
    out = Findings()
    score_table(f, out)
    if f.national is None or not f.national.found:
        indicator_table(f, out)
    else:  # the national form's own rules, whose sums include 预算执行
        indicator_total_vs_scores(f, out)
    if f.national is not None:  # its text rules read any report's paragraphs
        national_form(f.national, out, rules)
    satisfaction_table(f, out)
    institution_table(f, out)
    funds_table(f, out)
    execution_rates(f, out)
    annual_target(f, out)
    survey_counties(f, out)
    appendix(f, out)
    return merged(out.items)


def merged(findings: list[Finding]) -> list[Finding]:
    """One finding per mistake: the same mistake repeated in several paragraphs lists every place."""
    places_of: dict[tuple, list[str]] = {}
    for item in findings:
        key = (item.rule, item.expected, item.found, item.message, item.subject)
        places_of.setdefault(key, []).append(item.location)
    return [
        Finding(rule, "；".join(dict.fromkeys(where)), expected, found, message, subject)
        for (rule, expected, found, message, subject), where in places_of.items()
    ]
