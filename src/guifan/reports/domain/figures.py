"""What the checker reads from a report — its stated numbers and its tables — and small helpers for
the rules. Pure Python."""

from dataclasses import dataclass, field
from decimal import Decimal

from guifan.evaluation.domain import display
from guifan.surveys.domain import PrintedTable

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Finding:
    rule: str
    location: str
    expected: str
    found: str
    message: str
    subject: str = ""  # what the finding is about (a column, an indicator), for summaries and tests

    def __str__(self) -> str:
        return f"【{self.rule}】{self.location}：{self.message}"


@dataclass(frozen=True)
class Stated:
    """A number as written in the text, with where it was found."""

    value: Decimal
    location: str
    year: int | None = None


@dataclass
class ScoreRow:
    name: str
    weight: Decimal
    score: Decimal
    deduction: Decimal | None = None


@dataclass
class ScoreTable:
    location: str
    rows: list[ScoreRow]
    total: ScoreRow | None = None


SATISFACTION_SCORE, SATISFIED_RATE, QUESTIONNAIRES, EXECUTION_RATE = (
    "满意度得分",
    "满意率",
    "问卷数",
    "预算执行率",
)


@dataclass(frozen=True)
class Actual:
    """An indicator's 实际完成值 in the 绩效自评表 that the text and tables state too: the appendix is
    the form signed with the evaluation, so everything else in the report must agree with it."""

    kind: str  # SATISFACTION_SCORE, SATISFIED_RATE, QUESTIONNAIRES or EXECUTION_RATE
    indicator: str
    value: Decimal


@dataclass
class IndicatorTable:
    location: str
    rows: list[ScoreRow]  # the scored (lowest-level) indicators
    total: ScoreRow | None = None
    grade: str | None = None
    actuals: list[Actual] = field(default_factory=list)


@dataclass
class CountyGroup:
    county: str
    rows: int
    count: int | None
    amount: Decimal | None  # 万元


@dataclass
class InstitutionTable:
    location: str
    groups: list[CountyGroup]
    total_count: int | None = None
    total_amount: Decimal | None = None
    remark: str = ""


@dataclass
class FundsRow:
    year: int
    budget: Decimal
    paid: Decimal
    institutions: int | None
    rate: Decimal | None


@dataclass
class Execution:
    """'支出24万元，为预算金额的150%' — paid, the rate, and the budget it was divided by if stated."""

    paid: Decimal
    rate: Decimal
    location: str
    year: int | None = None
    budget: Decimal | None = None


@dataclass
class TextFacts:
    total_score: Stated | None = None
    grade: tuple[str, str] | None = None  # (grade, location)
    valid_questionnaires: Stated | None = None
    satisfaction_percent: Stated | None = None  # '满意度为94%': a percentage without saying which
    satisfaction_score: Stated | None = None
    satisfied_rate: Stated | None = None
    very_satisfied: Stated | None = None
    budget: Stated | None = None
    executions: list[Execution] = field(default_factory=list)
    standard: Stated | None = None  # 万元/家
    annual_target: Stated | None = None
    completed: list[Stated] = field(default_factory=list)
    completed_by_year: dict[int, int] = field(default_factory=dict)  # stated in the text
    earlier_year_remark: tuple[int, int, str] | None = None  # (funding year, institutions, location)
    survey_counties: list[str] = field(default_factory=list)
    survey_location: str = ""
    survey_claims_participating: bool = False
    survey_count: int | None = None
    unsurveyed_disclosed: list[str] | None = None


@dataclass
class ReportFigures:
    text: TextFacts = field(default_factory=TextFacts)
    scores: ScoreTable | None = None
    indicators: IndicatorTable | None = None
    satisfaction: PrintedTable | None = None
    satisfaction_location: str = ""
    institutions: InstitutionTable | None = None
    funds: list[FundsRow] = field(default_factory=list)
    funds_location: str = ""
    year: int | None = None  # the report's year, from its title
    national: object = None  # national.NationalForm, when the report holds the national 自评表


# ---- helpers -------------------------------------------------------------------------------------


def places(value: Decimal) -> int:
    return max(0, -value.as_tuple().exponent)


def same(found: Decimal, exact: Decimal) -> bool:
    """Does a printed figure agree with the exact one at the precision it was printed with?"""
    return display(exact, places(found)) == found


def fmt(value: Decimal | int | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{Decimal(value).normalize():f}" if isinstance(value, Decimal) else str(value)
    return f"{text}{unit}"


@dataclass
class Findings:
    items: list[Finding] = field(default_factory=list)

    def add(self, rule: str, location: str, expected, found, message: str, subject: str = "") -> None:
        self.items.append(Finding(rule, location, str(expected), str(found), message, subject))
