"""Indicators computed from the records of the other apps. Each returns (value, how it was got)."""

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Q
from django.urls import reverse

from guifan.accounts.constants import Role
from guifan.core.money import format_wan
from guifan.funds.figures import programme_figures
from guifan.grading.constants import InspectionKind, State
from guifan.grading.models import Application, Rectification
from guifan.supervision.selectors import review_figures
from guifan.surveys.domain import to_decimal
from guifan.surveys.selectors import survey_results

CITY_WIDE = SimpleNamespace(role=Role.AUDITOR, county_id=None)
APPROVED = [State.COUNCIL_APPROVED, State.PAID]


@dataclass(frozen=True)
class Value:
    value: Decimal
    note: str
    link: str


def _percent(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)) if whole else Decimal(0)


def compute(source: str, programme) -> Value | None:
    return SOURCES[source](programme) if source in SOURCES else None


def _institutions_paid(programme) -> Value:
    figures = programme_figures(CITY_WIDE, programme)
    split = "、".join(f"{year}年资金{n}家" for year, (n, _) in figures.split.items())
    return Value(
        Decimal(figures.total_institutions),
        f"{programme.year}年拨付{figures.total_institutions}家（{split}）",
        reverse("funds:programme", args=[programme.year]),
    )


def _budget_execution(programme) -> Value:
    current = programme_figures(CITY_WIDE, programme).current
    rate = Decimal(current.paid) * 100 / Decimal(current.source.budget) if current else Decimal(0)
    note = "无当年资金"
    if current:
        paid, budget = format_wan(current.paid), format_wan(current.source.budget)
        note = f"{programme.year}年度资金已拨付{paid}÷预算{budget}"
    return Value(rate, note, reverse("funds:programme", args=[programme.year]))


def _arrival(programme) -> Value:
    current = programme_figures(CITY_WIDE, programme).current
    rate = Decimal(current.received) * 100 / Decimal(current.source.budget) if current else Decimal(0)
    return Value(rate, "到位资金÷当年预算", reverse("funds:programme", args=[programme.year]))


def _cost(programme) -> Value:
    figures = programme_figures(CITY_WIDE, programme)
    n = figures.total_institutions
    cost = Decimal(figures.total_amount) / 100 / n if n else Decimal(0)
    return Value(
        cost,
        f"拨付{figures.total_amount / 100:,.0f}元÷{n}家",
        reverse("funds:programme", args=[programme.year]),
    )


def _acceptance(programme) -> Value:
    applications = Application.objects.filter(programme=programme)
    inspected = applications.filter(
        inspections__kind=InspectionKind.CITY, inspections__completed=True
    ).distinct()
    passed = inspected.filter(state__in=[State.ACCEPTED, State.PUBLICITY, State.OBJECTION, *APPROVED])
    return Value(
        _percent(passed.count(), inspected.count()),
        f"验收通过{passed.count()}家÷参加市级检查{inspected.count()}家",
        reverse("grading:list") + f"?year={programme.year}",
    )


def _on_time(programme) -> Value:
    started = Application.objects.filter(programme=programme).exclude(
        state__in=[State.DRAFT, State.SUBMITTED, State.RETURNED, State.COUNTY_APPROVED, State.WITHDRAWN]
    )
    in_time = started.filter(state__in=APPROVED)
    if programme.execution_end:
        in_time = in_time.filter(Q(decision__meeting_date__lte=programme.execution_end))
    return Value(
        _percent(in_time.count(), started.count()),
        f"执行期内批准{in_time.count()}家÷开始建设{started.count()}家",
        reverse("grading:list") + f"?year={programme.year}",
    )


def _rectifications(programme) -> Value:
    all_ = Rectification.objects.filter(application__programme=programme)
    closed = all_.filter(closed=True).count()
    return Value(
        _percent(closed, all_.count()) if all_.exists() else Decimal(100),
        f"已复查{closed}项÷提出{all_.count()}项",
        reverse("grading:list") + f"?year={programme.year}",
    )


def _review_pass(programme) -> Value:
    figures = review_figures(programme.year)
    return Value(
        figures.pass_rate,
        f"{programme.year}年年审结论为保持{figures.kept}家÷已出结论{figures.annual}家",
        reverse("supervision:rounds"),
    )


def _coverage(programme) -> Value:
    figures = review_figures(programme.year)
    return Value(
        figures.coverage,
        f"{programme.year}年年审或暗访{figures.reviewed}家÷有效等级{figures.in_force}家",
        reverse("supervision:rounds"),
    )


def questionnaire_of(programme):
    """The questionnaire whose results the evaluation uses: the programme's latest version."""
    return programme.questionnaires.order_by("-version").first()


def survey_figures(questionnaire) -> dict[str, str | int]:
    """What a sign-off records: 满意度得分 and 满意率 (two places, as shown) and the number of valid
    questionnaires, as decimal strings."""
    results = survey_results(questionnaire)
    return {
        "questionnaire_id": questionnaire.pk,
        "title": questionnaire.title,
        "score": str(to_decimal(results.result.score)),
        "satisfied_rate": str(to_decimal(results.result.satisfied_rate)),
        "questionnaires": str(sum(results.by_source.values())),
    }


def _survey(programme, attribute: str) -> Value | None:
    questionnaire = questionnaire_of(programme)
    if questionnaire is None:
        return Value(Decimal(0), "无问卷", "")
    result = survey_results(questionnaire).result
    value = result.score if attribute == "score" else result.satisfied_rate
    shown = to_decimal(value)
    label, unit = ("满意度得分", "分") if attribute == "score" else ("满意率", "%")
    return Value(
        Decimal(value.numerator) / Decimal(value.denominator),
        f"{label}{shown}{unit}（{result.respondents}份问卷）",
        reverse("surveys:results", args=[questionnaire.pk]),
    )


SOURCES = {
    "institutions_paid": _institutions_paid,
    "budget_execution_rate": _budget_execution,
    "arrival_rate": _arrival,
    "cost_per_institution": _cost,
    "acceptance_pass_rate": _acceptance,
    "on_time_rate": _on_time,
    "rectifications_closed_rate": _rectifications,
    "review_pass_rate": _review_pass,
    "supervision_coverage": _coverage,
    "satisfaction_score": lambda p: _survey(p, "score"),
    "satisfied_rate": lambda p: _survey(p, "rate"),
}
SURVEY_SOURCES = ("satisfaction_score", "satisfied_rate")


def link(source: str, programme) -> str:
    """Where the records behind a computed indicator are, without computing it."""
    if source in {"institutions_paid", "budget_execution_rate", "arrival_rate", "cost_per_institution"}:
        return reverse("funds:programme", args=[programme.year])
    if source in {"acceptance_pass_rate", "on_time_rate", "rectifications_closed_rate"}:
        return reverse("grading:list") + f"?year={programme.year}"
    if source in {"review_pass_rate", "supervision_coverage"}:
        return reverse("supervision:rounds")
    if source in SURVEY_SOURCES:
        questionnaire = questionnaire_of(programme)
        return reverse("surveys:results", args=[questionnaire.pk]) if questionnaire else ""
    return ""
