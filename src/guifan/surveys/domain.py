"""Survey arithmetic, exact: shares and scores come from counts with Fractions; rounding happens
only for display, by largest remainder so a displayed row always adds up. Pure Python."""

from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cached_property

# Option weights, as named presets (A 非常满意 … E 很不满意).
PRESETS: dict[str, tuple[str, tuple[Decimal, ...]]] = {
    "seed": (
        "原报告口径（1.0 / 0.8 / 0.6 / 0.2 / 0）",
        tuple(Decimal(w) for w in ("1", "0.8", "0.6", "0.2", "0")),
    ),
    "equal": (
        "等差（1.0 / 0.8 / 0.6 / 0.4 / 0.2）",
        tuple(Decimal(w) for w in ("1", "0.8", "0.6", "0.4", "0.2")),
    ),
    "nbs": (
        "国家统计局（100 / 80 / 60 / 30 / 0）",
        tuple(Decimal(w) for w in ("1", "0.8", "0.6", "0.3", "0")),
    ),
}
SATISFIED_KEYS = ("A", "B")
# Half a unit of two printed decimals: a sum of k printed parts may be off by k times this.
ROUNDING = Decimal("0.005")


def _fraction(value) -> Fraction:
    return Fraction(str(value)) if not isinstance(value, Fraction) else value


def to_decimal(value: Fraction, places: int = 2) -> Decimal:
    """Half-up rounding of an exact value, for display."""
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(quantum, rounding=ROUND_HALF_UP)


def largest_remainder(parts: list[Fraction], total: int = 100, places: int = 2) -> list[Decimal]:
    """Round parts (which add up to `total`) so the rounded parts add up to exactly `total`."""
    if not parts:
        return []
    unit = Fraction(1, 10**places)
    floors = [(p // unit) * unit for p in parts]
    short = int((Fraction(total) - sum(floors)) / unit)
    by_remainder = sorted(range(len(parts)), key=lambda i: (parts[i] - floors[i], -i), reverse=True)
    for i in by_remainder[:short]:
        floors[i] += unit
    return [to_decimal(f, places) for f in floors]


@dataclass(frozen=True)
class QuestionResult:
    """One question's counts; the figures derived from them are worked out once (cached_property
    writes past the frozen dataclass, whose fields never change)."""

    number: int
    keys: tuple[str, ...]
    counts: tuple[int, ...]
    points: Fraction  # the question's share of the 100 points
    weights: tuple[Decimal, ...]

    @cached_property
    def n(self) -> int:
        return sum(self.counts)

    @cached_property
    def shares(self) -> list[Fraction]:
        """Exact shares in percent; all zero when nobody answered."""
        return [Fraction(100 * c, self.n) if self.n else Fraction(0) for c in self.counts]

    @cached_property
    def option_scores(self) -> list[Fraction]:
        """points × count × weight ÷ n, per option (the seed's 分数 row)."""
        if not self.n:
            return [Fraction(0)] * len(self.counts)
        return [
            self.points * c * _fraction(w) / self.n for c, w in zip(self.counts, self.weights, strict=True)
        ]

    @cached_property
    def score(self) -> Fraction:
        return sum(self.option_scores, Fraction(0))

    @property
    def satisfied(self) -> int:
        return sum(c for k, c in zip(self.keys, self.counts, strict=True) if k in SATISFIED_KEYS)

    @cached_property
    def display_shares(self) -> list[Decimal]:
        return largest_remainder(self.shares) if self.n else [Decimal("0.00")] * len(self.counts)


@dataclass(frozen=True)
class SurveyResult:
    questions: list[QuestionResult]

    @cached_property
    def score(self) -> Fraction:
        """满意度得分 out of 100: the sum of the question scores."""
        return sum((q.score for q in self.questions), Fraction(0))

    @property
    def answers(self) -> int:
        return sum(q.n for q in self.questions)

    @property
    def satisfied_rate(self) -> Fraction:
        """满意率: (非常满意 + 满意) ÷ all answers, in percent."""
        total = self.answers
        return Fraction(100 * sum(q.satisfied for q in self.questions), total) if total else Fraction(0)

    @property
    def option_totals(self) -> list[int]:
        return [sum(column) for column in zip(*(q.counts for q in self.questions), strict=True)]

    @property
    def respondents(self) -> int | None:
        """Valid questionnaires, when every question was answered by the same number of people."""
        counts = {q.n for q in self.questions}
        return counts.pop() if len(counts) == 1 else None


def survey_result(
    counts: list[tuple[int, ...]],
    weights: tuple[Decimal, ...],
    keys: tuple[str, ...] = ("A", "B", "C", "D", "E"),
    points: list[Fraction] | None = None,
) -> SurveyResult:
    """Results of scored questions from their option counts; points default to 100 shared equally."""
    points = points or [Fraction(100, len(counts))] * len(counts)
    return SurveyResult(
        [
            QuestionResult(i + 1, keys, tuple(c), p, weights)
            for i, (c, p) in enumerate(zip(counts, points, strict=True))
        ]
    )


def tally_error(counts: list[tuple[int, ...]]) -> str | None:
    """Tallies must be whole non-negative numbers, and every question must total the same."""
    for number, row in enumerate(counts, start=1):
        for value in row:
            if not isinstance(value, int) or value < 0:
                return f"第{number}题的人数须为不小于0的整数"
    totals = {sum(row) for row in counts}
    if len(totals) > 1:
        per = "、".join(f"第{n}题{sum(row)}人" for n, row in enumerate(counts, start=1))
        return f"各题合计人数应相同（每份问卷答全部题目）：{per}"
    return None


# ---- when a survey takes answers ----------------------------------------------------------------

NOT_OPEN, OPEN, CLOSED = "not_open", "open", "closed"


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def survey_state(*, opens_on: date | None, closes_on: date | None, closed: bool, today: date) -> str:
    """Closed by hand, or once the close date has passed (the close date itself still takes
    answers); not open before the open date. Blank dates mean no limit on that side."""
    if closed or (closes_on is not None and today > closes_on):
        return CLOSED
    if opens_on is not None and today < opens_on:
        return NOT_OPEN
    return OPEN


def dates_error(*, opens_on: date | None, closes_on: date | None, today: date) -> tuple[str, str] | None:
    """(field, message) when the survey dates cannot work together, else None."""
    if opens_on and closes_on and closes_on < opens_on:
        return "closes_on", f"截止日期{cn_date(closes_on)}早于开始日期{cn_date(opens_on)}"
    if closes_on and closes_on < today:
        return "closes_on", f"截止日期{cn_date(closes_on)}已过，调查会立即结束；请填今天或以后的日期"
    return None


# ---- a questionnaire as plain data, to copy from a template or from last year -------------------


@dataclass(frozen=True)
class QuestionDraft:
    text: str
    kind: str = "scale"
    points: Decimal | None = None
    required: bool = True
    options: tuple[tuple[str, str, Decimal], ...] = ()  # (key, label, weight)


@dataclass(frozen=True)
class QuestionnaireDraft:
    title: str
    intro: str
    preset: str
    year: int | None  # the year its texts name ("2022年"), if any
    questions: tuple[QuestionDraft, ...]
    ask_county: bool = True
    ask_type: bool = True
    surveyed_counties: tuple[str, ...] = ()  # county names


def draft_from_template(data: dict) -> QuestionnaireDraft:
    """A template file (surveys/data/*.json): every question a scale of the options, weighted by
    the preset in order."""
    weights = PRESETS[data["preset"]][1]
    options = tuple((key, label, w) for (key, label), w in zip(data["options"], weights, strict=True))
    return QuestionnaireDraft(
        title=data["title"],
        intro=data.get("intro", ""),
        preset=data["preset"],
        year=data.get("year"),
        questions=tuple(QuestionDraft(text=text, options=options) for text in data["questions"]),
        surveyed_counties=tuple(data.get("surveyed_counties", ())),
    )


def draft_for_year(draft: QuestionnaireDraft, year: int) -> QuestionnaireDraft:
    """The same questionnaire for another year: "2022年" in its title, intro and questions becomes
    "2023年" (other years, e.g. a carry-over from 2021, are left alone)."""
    if draft.year is None or draft.year == year:
        return replace(draft, year=year)
    old, new = f"{draft.year}年", f"{year}年"
    return replace(
        draft,
        year=year,
        title=draft.title.replace(old, new),
        intro=draft.intro.replace(old, new),
        questions=tuple(replace(q, text=q.text.replace(old, new)) for q in draft.questions),
    )


# ---- checking a table as printed -----------------------------------------------------------------


@dataclass(frozen=True)
class PrintedQuestion:
    counts: tuple[int, ...]
    shares: tuple[Decimal, ...]  # percent as printed
    scores: tuple[Decimal, ...]
    total_count: int
    total_share: Decimal
    total_score: Decimal


@dataclass(frozen=True)
class PrintedTable:
    """A satisfaction table as printed; a table without a 合计 group or a 最终得分 row has None there."""

    questions: list[PrintedQuestion]
    total_counts: tuple[int, ...] | None
    total_shares: tuple[Decimal, ...] | None
    total_scores: tuple[Decimal, ...] | None
    final_score: Decimal | None
    weights: tuple[Decimal, ...]
    keys: tuple[str, ...] = ("A", "B", "C", "D", "E")
    tolerance: Decimal = Decimal("0.011")


@dataclass(frozen=True)
class Problem:
    where: str
    message: str
    found: str = ""
    expected: str = ""

    def __str__(self) -> str:
        return f"{self.where}：{self.message}"


@dataclass
class _Checker:
    table: PrintedTable
    problems: list[Problem] = field(default_factory=list)

    def near(self, printed: Decimal, exact: Fraction) -> bool:
        return abs(_fraction(printed) - exact) <= _fraction(self.table.tolerance)

    def add(self, where: str, message: str, found: object = "", expected: object = "") -> None:
        self.problems.append(Problem(where, message, str(found), str(expected)))


def check_printed_table(table: PrintedTable) -> list[Problem]:
    """Every inconsistency of a satisfaction table as printed, each with where it is."""
    c = _Checker(table)
    points = Fraction(100, len(table.questions))
    ns = set()
    for number, q in enumerate(table.questions, start=1):
        n = sum(q.counts)
        ns.add(q.total_count)
        where = f"第{number}题"
        if n != q.total_count:
            c.add(where, f"各选项人数之和为{n}，合计人数却写{q.total_count}", q.total_count, n)
        share_sum = sum(q.shares)
        if abs(share_sum - 100) > Decimal("0.05"):
            c.add(
                where,
                f"各选项占比之和为{share_sum}%，应为100%（合计栏写{q.total_share}%）",
                f"{share_sum}%",
                "100%",
            )
        elif share_sum != q.total_share:
            c.add(
                where,
                f"各选项占比之和为{share_sum}%，与合计栏{q.total_share}%不符（逐项四舍五入所致，"
                "按最大余额法取舍可使各项之和恰为100%）",
                f"{share_sum}%",
                f"{q.total_share}%",
            )
        exact = QuestionResult(number, table.keys, q.counts, points, table.weights)
        for key, count, share, exact_share in zip(table.keys, q.counts, q.shares, exact.shares, strict=True):
            if not c.near(share, exact_share):
                c.add(
                    f"{where}{key}项",
                    f"占比写{share}%，按人数{count}/{n}应为{to_decimal(exact_share)}%",
                    f"{share}%",
                    f"{to_decimal(exact_share)}%",
                )
        for key, printed, exact_score in zip(table.keys, q.scores, exact.option_scores, strict=True):
            if not c.near(printed, exact_score):
                c.add(
                    f"{where}{key}项",
                    f"分数写{printed}，按人数应为{to_decimal(exact_score)}",
                    printed,
                    to_decimal(exact_score),
                )
        if not c.near(q.total_score, exact.score):
            c.add(
                where,
                f"得分写{q.total_score}，按人数应为{to_decimal(exact.score)}",
                q.total_score,
                to_decimal(exact.score),
            )
        if abs(sum(q.scores) - q.total_score) > ROUNDING * (len(q.scores) + 1):
            c.add(
                where,
                f"各选项分数之和为{sum(q.scores)}，得分却写{q.total_score}",
                q.total_score,
                sum(q.scores),
            )
    if len(ns) > 1:
        c.add("各题", f"合计人数不一致：{'、'.join(str(n) for n in sorted(ns))}")
    if table.total_counts is not None:
        _check_totals(c, table)
    if table.final_score is not None:
        _check_final(c, table)
    return c.problems


def _check_totals(c: "_Checker", table: PrintedTable) -> None:
    """The 合计 group against the questions above it."""
    columns = list(zip(*(q.counts for q in table.questions), strict=True))
    for key, printed, column in zip(table.keys, table.total_counts, columns, strict=True):
        if printed != sum(column):
            c.add(f"合计{key}项", f"人数写{printed}，各题相加为{sum(column)}", printed, sum(column))
    result = survey_result([q.counts for q in table.questions], table.weights, table.keys)
    grand = sum(result.option_totals)
    for key, printed, total in zip(table.keys, table.total_shares, result.option_totals, strict=True):
        exact = Fraction(100 * total, grand) if grand else Fraction(0)
        if not c.near(printed, exact):
            c.add(
                f"合计{key}项",
                f"占比写{printed}%，应为{to_decimal(exact)}%",
                f"{printed}%",
                f"{to_decimal(exact)}%",
            )
    for key, printed, i in zip(table.keys, table.total_scores, range(len(table.keys)), strict=True):
        exact = sum((q.option_scores[i] for q in result.questions), Fraction(0))
        if not c.near(printed, exact):
            c.add(f"合计{key}项", f"分数写{printed}，应为{to_decimal(exact)}", printed, to_decimal(exact))


def _check_final(c: "_Checker", table: PrintedTable) -> None:
    """The 最终得分 against the counts and against the questions' printed scores."""
    result = survey_result([q.counts for q in table.questions], table.weights, table.keys)
    if not c.near(table.final_score, result.score):
        c.add(
            "最终得分",
            f"写{table.final_score}，按人数应为{to_decimal(result.score)}",
            table.final_score,
            to_decimal(result.score),
        )
    printed_sum = sum(q.total_score for q in table.questions)
    if abs(printed_sum - table.final_score) > ROUNDING * (len(table.questions) + 1):
        c.add(
            "最终得分",
            f"写{table.final_score}，但各题得分相加为{printed_sum}",
            table.final_score,
            printed_sum,
        )
