"""The consistency checker: the figures of a self-evaluation report in, findings out. Pure Python.

Each rule compares what a report states with what its own tables and counts imply. A finding names
the rule, where it is, the value expected and the value found, in plain Chinese. The figures come
from `extract.figures_of` — for Guifan's own reports and for reports written elsewhere alike.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from guifan.evaluation.domain import display, grade_for
from guifan.surveys import domain as surveys
from guifan.surveys.domain import PrintedTable

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Finding:
    rule: str
    location: str
    expected: str
    found: str
    message: str

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


@dataclass
class IndicatorTable:
    location: str
    rows: list[ScoreRow]  # the scored (lowest-level) indicators
    total: ScoreRow | None = None
    grade: str | None = None


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
class _Findings:
    items: list[Finding] = field(default_factory=list)

    def add(self, rule: str, location: str, expected, found, message: str) -> None:
        self.items.append(Finding(rule, location, str(expected), str(found), message))


# ---- the rules -----------------------------------------------------------------------------------


def check(f: ReportFigures) -> list[Finding]:
    out = _Findings()
    _scores(f, out)
    _indicators(f, out)
    _satisfaction(f, out)
    _institutions(f, out)
    _funds(f, out)
    _execution(f, out)
    _target(f, out)
    _survey_counties(f, out)
    return merged(out.items)


def merged(findings: list[Finding]) -> list[Finding]:
    """One finding per mistake: the same mistake repeated in several paragraphs lists every place."""
    places_of: dict[tuple, list[str]] = {}
    for item in findings:
        places_of.setdefault((item.rule, item.expected, item.found, item.message), []).append(item.location)
    return [
        Finding(rule, "；".join(dict.fromkeys(where)), expected, found, message)
        for (rule, expected, found, message), where in places_of.items()
    ]


def _scores(f: ReportFigures, out: _Findings) -> None:
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


def _indicators(f: ReportFigures, out: _Findings) -> None:
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
    if f.scores is not None and t.total is not None:
        table_total = f.scores.total.score if f.scores.total else sum(r.score for r in f.scores.rows)
        if not same(t.total.score, table_total) and not same(table_total, t.total.score):
            out.add(
                "表表不符",
                f"{t.location}总分行",
                fmt(table_total),
                fmt(t.total.score),
                "绩效自评表总分与得分表不符",
            )


def _satisfaction(f: ReportFigures, out: _Findings) -> None:
    table = f.satisfaction
    if table is None:
        return
    for p in surveys.check_printed_table(table):
        out.add("满意度表", f"{f.satisfaction_location}{p.where}", p.expected, p.found, p.message)
    counts = [q.counts for q in table.questions]
    result = surveys.survey_result(counts, table.weights, table.keys)
    text = f.text
    n = result.respondents
    if text.valid_questionnaires is not None and text.valid_questionnaires.value != n:
        out.add(
            "文表不符",
            text.valid_questionnaires.location,
            n,
            fmt(text.valid_questionnaires.value),
            f"文中有效问卷数与满意度表人数{n}不符",
        )
    score = Decimal(str(surveys.to_decimal(result.score)))
    rate = surveys.to_decimal(result.satisfied_rate)
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


def _institutions(f: ReportFigures, out: _Findings) -> None:
    t = f.institutions
    if t is None:
        return
    standard = f.text.standard.value if f.text.standard else None
    for g in t.groups:
        where = f"{t.location}{g.county}"
        if g.count is not None and g.count != g.rows:
            out.add("合计不符", where, g.rows, g.count, f"县区机构数写{g.count}家，表中列出{g.rows}家")
        if (
            standard is not None
            and g.amount is not None
            and g.count is not None
            and g.amount != g.count * standard
        ):
            out.add(
                "数量×标准≠金额",
                where,
                fmt(g.count * standard, "万元"),
                fmt(g.amount, "万元"),
                f"{g.count}家×{fmt(standard)}万元/家应为{fmt(g.count * standard)}万元",
            )
    rows = sum(g.rows for g in t.groups)
    amounts = sum((g.amount for g in t.groups if g.amount is not None), Decimal(0))
    if t.total_count is not None and t.total_count != rows:
        out.add("合计不符", f"{t.location}合计行", rows, t.total_count, f"合计机构数与所列{rows}家不符")
    if t.total_amount is not None and t.total_amount != amounts:
        out.add(
            "合计不符",
            f"{t.location}合计行",
            fmt(amounts),
            fmt(t.total_amount),
            "合计金额与各县区金额之和不符",
        )
    for stated in f.text.completed:
        if stated.value != rows:
            out.add(
                "文表不符", stated.location, rows, fmt(stated.value), f"文中机构数与机构名单的{rows}家不符"
            )


def _funds(f: ReportFigures, out: _Findings) -> None:
    standard = f.text.standard.value if f.text.standard else None
    for row in f.funds:
        where = f"{f.funds_location}{row.year}年度资金"
        if row.rate is not None and row.budget and not same(row.rate, row.paid * HUNDRED / row.budget):
            expected = display(row.paid * HUNDRED / row.budget, 2)
            out.add("执行率不符", where, fmt(expected, "%"), fmt(row.rate, "%"), "执行率应为支出÷同年度预算")
        if standard is not None and row.institutions is not None and row.paid != row.institutions * standard:
            out.add(
                "数量×标准≠金额",
                where,
                fmt(row.institutions * standard, "万元"),
                fmt(row.paid, "万元"),
                f"{row.institutions}家×{fmt(standard)}万元/家",
            )


def _earlier_year_money(f: ReportFigures) -> tuple[int, Decimal] | None:
    """Money from an earlier funding year, as the report itself says (remark or text), in 万元."""
    standard = f.text.standard.value if f.text.standard else None
    if f.text.earlier_year_remark and standard is not None:
        year, count, _ = f.text.earlier_year_remark
        return year, count * standard
    return None


def _execution(f: ReportFigures, out: _Findings) -> None:
    for e in f.text.executions:
        budget = e.budget or (f.text.budget.value if f.text.budget else None)
        if not budget:
            continue
        exact = e.paid * HUNDRED / budget
        if not same(e.rate, exact):
            out.add(
                "执行率不符",
                e.location,
                fmt(display(exact, 2), "%"),
                fmt(e.rate, "%"),
                f"支出{fmt(e.paid)}万元÷预算{fmt(budget)}万元",
            )
        if e.rate > HUNDRED:
            earlier = _earlier_year_money(f)
            if earlier:
                year, money = earlier
                own = e.paid - money
                out.add(
                    "执行率超过100%",
                    e.location,
                    fmt(display(own * HUNDRED / budget, 2), "%"),
                    fmt(e.rate, "%"),
                    f"支出{fmt(e.paid)}万元含{year}年度资金{fmt(money)}万元；执行率应按同一资金年度计算："
                    f"本年度资金支出{fmt(own)}万元÷预算{fmt(budget)}万元",
                )
            else:
                out.add(
                    "执行率超过100%",
                    e.location,
                    "≤100%",
                    fmt(e.rate, "%"),
                    "执行率超过100%：支出可能包含其他年度的资金，应按资金年度分别计算",
                )


def _target(f: ReportFigures, out: _Findings) -> None:
    target = f.text.annual_target
    if target is None:
        return
    for stated in f.text.completed:
        if stated.value <= target.value:
            continue
        split = f.text.completed_by_year
        if split and sum(split.values()) == stated.value:
            continue  # the text says how many were paid from which year's money
        remark = f.text.earlier_year_remark
        detail = ""
        if remark:
            year, count, where = remark
            detail = (
                f"；{where}称其中{count}家使用{year}年度资金，本年度资金完成{fmt(stated.value - count)}家"
            )
        out.add(
            "完成数与年度目标不符",
            stated.location,
            f"年度目标{fmt(target.value)}家",
            f"{fmt(stated.value)}家",
            f"完成{fmt(stated.value)}家超过年度目标{fmt(target.value)}家，正文未说明资金年度构成{detail}",
        )
        return


def _survey_counties(f: ReportFigures, out: _Findings) -> None:
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
