"""Reads for the evaluation pages and forms: the tree with scores, the first-level table, funds rows."""

from dataclasses import dataclass
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Count, Q, QuerySet

from guifan.accounts.constants import Role
from guifan.core.money import fen_to_wan
from guifan.funds.figures import programme_figures
from guifan.funds.models import Programme

from . import domain, sources
from .models import Evaluation, Indicator
from .services import rules_problems, tree_of

READERS = {Role.CITY_ADMIN, Role.AUDITOR}


def evaluations_visible_to(user) -> QuerySet[Evaluation]:
    """The self-evaluation is the city's: city administrators and auditors read it."""
    if user.role not in READERS:
        return Evaluation.objects.none()
    return Evaluation.objects.select_related("programme")


def programmes_with_evaluations(user) -> list:
    """Every programme year, newest first, each with `.listed` (its evaluations), in two queries."""
    if user.role not in READERS:
        return []
    evaluations = list(evaluations_visible_to(user).order_by("programme__year", "id"))
    programmes = list(Programme.objects.order_by("-year"))
    for programme in programmes:
        programme.listed = [e for e in evaluations if e.programme_id == programme.pk]
    return programmes


def copy_sources(programme) -> QuerySet[Evaluation]:
    """Evaluations of earlier years a new one may be copied from, latest year first."""
    return (
        Evaluation.objects.select_related("programme")
        .filter(programme__year__lt=programme.year)
        .order_by("-programme__year", "id")
    )


def signed_off_survey(programme) -> dict | None:
    """The survey figures (see `sources.survey_figures`) used by the evaluation the report states,
    once it is signed off; None before sign-off or without a questionnaire."""
    evaluation = evaluation_for_report(programme)
    return evaluation.survey_snapshot if evaluation is not None and evaluation.frozen else None


def evaluation_for_report(programme) -> Evaluation | None:
    """The one evaluation a report (and the home page) speaks of, when a year has several (a new
    year gets a copy of each of last year's): the newest signed-off one; else the one with the most
    scored leaves (ties: the newest); else the newest, unscored. None when the year has none."""
    evaluations = programme.evaluations.annotate(
        scored=Count(
            "indicators",
            filter=Q(indicators__children__isnull=True)
            & (Q(indicators__score__isnull=False) | Q(indicators__override__isnull=False)),
            distinct=True,
        )
    )
    signed = evaluations.filter(signed_off_at__isnull=False).order_by("-signed_off_at", "-id").first()
    return signed or evaluations.order_by("-scored", "-id").first()


def scored_leaves(evaluation: Evaluation) -> int:
    """How many leaves have a score (computed or adjusted)."""
    return (
        evaluation.indicators.filter(children__isnull=True)
        .filter(Q(score__isnull=False) | Q(override__isnull=False))
        .count()
    )


@dataclass
class Row:
    indicator: Indicator
    path: list[str]  # names of the ancestors, top first
    link: str = ""  # the records a computed indicator came from

    @property
    def target_text(self) -> str:
        i = self.indicator
        return f"{i.nature}{i.target.normalize():f}{i.unit}" if i.target is not None else "定性"

    @property
    def actual_text(self) -> str:
        i = self.indicator
        if i.actual is not None:
            return f"{domain.display(i.actual, 2).normalize():f}{i.unit}"
        return i.band_label or i.actual_note

    def score_text(self, places: int) -> str:
        i = self.indicator
        if i.not_applicable:
            return "不适用"
        return "" if i.final is None else str(domain.display(i.final, places))

    def levels(self, depth: int = 3) -> list[str]:
        """The forms' 一级/二级/三级指标 columns; deeper levels are joined into the last column."""
        names = [*self.path, self.indicator.name]
        if len(names) <= depth:
            return [*names, *[""] * (depth - len(names))]
        return [*names[: depth - 1], "／".join(names[depth - 1 :])]

    @property
    def deducted(self) -> Decimal | None:
        i = self.indicator
        return None if i.final is None or i.not_applicable else i.weight - i.final


@dataclass
class Sheet:
    evaluation: Evaluation
    leaves: list[Row]
    first_level: list[tuple[str, Decimal, Decimal, Decimal]]  # name, weight, score, deduction
    total: domain.Total
    places: int
    problems: list[str]

    @property
    def deducted(self) -> Decimal:
        return sum((d for *_, d in self.first_level), Decimal(0))


def sheet(evaluation: Evaluation) -> Sheet:
    indicators = list(evaluation.indicators.order_by("order"))
    by_id = {i.pk: i for i in indicators}
    parents = {i.parent_id for i in indicators if i.parent_id}

    def path(i: Indicator) -> list[str]:
        names = []
        while i.parent_id:
            i = by_id[i.parent_id]
            names.insert(0, i.name)
        return names

    roots = tree_of(evaluation)
    first = [(n.name, n.weight, domain.earned(n), n.weight - domain.earned(n)) for n in roots]
    total = domain.total(roots)
    return Sheet(
        evaluation=evaluation,
        leaves=[
            Row(i, path(i), sources.link(i.source, evaluation.programme) if i.source else "")
            for i in indicators
            if i.pk not in parents
        ],
        first_level=first,
        total=total,
        places=evaluation.display_places,
        problems=[*domain.sign_off_problems(roots), *rules_problems(evaluation, total.total, indicators)],
    )


CITY_WIDE = SimpleNamespace(role=Role.AUDITOR, county_id=None)


@dataclass
class FundsRow:
    label: str
    initial: int | None  # 年初预算数, fen
    annual: int | None  # 全年预算数
    spent: int | None  # 全年执行数

    @property
    def rate(self) -> Decimal | None:
        return (
            Decimal(self.spent) * 100 / Decimal(self.annual)
            if self.annual and self.spent is not None
            else None
        )


def funds_rows(programme) -> list[FundsRow]:
    """年度资金总额 = 当年财政拨款 + 上年结转资金 + 其他资金, each with budget and execution."""
    figures = programme_figures(CITY_WIDE, programme)
    current = figures.current
    this_year = FundsRow(
        "其中：当年财政拨款",
        current.source.budget if current else 0,
        current.source.budget if current else 0,
        current.paid if current else 0,
    )
    earlier = [y for y in figures.years if y.source.year < programme.year]
    carried = sum(c.carried for y in earlier for c in y.counties.values())
    spent_carried = sum(amount for year, (_, amount) in figures.split.items() if year < programme.year)
    carried_row = FundsRow("上年结转资金", None, carried, spent_carried)
    other = FundsRow("其他资金", None, None, None)
    total = FundsRow(
        "年度资金总额",
        this_year.initial,
        (this_year.annual or 0) + carried,
        (this_year.spent or 0) + spent_carried,
    )
    return [total, this_year, carried_row, other]


SELF_EVALUATION_HEADER = [
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
]
FUNDS_HEADER = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]


def funds_cells(row: FundsRow, execution: Indicator | None, places: int) -> list:
    """One funds row of the 自评表 (万元); the execution indicator's 分值 and 得分 sit on the row of
    the programme's own money, whose execution rate is the one it scores."""
    scored = execution is not None and row.label.startswith("其中：当年")
    wan = [fen_to_wan(v) if v is not None else "" for v in (row.initial, row.annual, row.spent)]
    return [
        *wan,
        domain.display(execution.weight, 0) if scored else "",
        f"{domain.display(row.rate, 2)}%" if row.rate is not None else "",
        domain.display(execution.final, places) if scored and execution.final is not None else "",
    ]


@dataclass
class Declaration:
    """The 绩效目标申报表 as the national form has it (see `declaration`)."""

    evaluation: Evaluation
    funds: list[tuple[str, int | None]]  # 年度资金总额, 其中：财政拨款, 其他资金 (fen); None: not set
    groups: list[domain.TargetGroup]

    @property
    def has_funds(self) -> bool:
        return self.funds[0][1] is not None


def declaration(evaluation: Evaluation, s: Sheet) -> Declaration:
    """项目支出绩效目标申报表, in the layout of the national form: 财政部《中央部门预算绩效目标管理
    办法》(财预〔2015〕88号) 附件 and its 参考模板 (项目名称, 主管部门, 实施单位; 项目资金（万元）年度资金
    总额 = 其中：财政拨款 + 其他资金; 总体目标: 中长期目标, 年度目标; 绩效指标: 一级 产出 / 效益 /
    满意度, 二级 数量 质量 时效 成本 / 经济 社会 生态 可持续影响 / 服务对象满意度, 三级指标, 指标值).
    Followed as reproduced at https://renrendoc.com/paper/307484460.html and
    https://docx.baby/p/20793843881926.html (the ministry's own page was not reachable).

    The money is the year's own budget line (the 当年财政拨款 of `funds_rows`): money carried over
    from an earlier year was declared in that year. Only output, effect and satisfaction leaves are
    targets (`domain.declaration_groups`)."""
    if evaluation.programme.sources.exists():
        rows = {row.label: row for row in funds_rows(evaluation.programme)}
        fiscal = rows["其中：当年财政拨款"].annual or 0
        other = rows["其他资金"].annual or 0
        funds = [("年度资金总额", fiscal + other), ("其中：财政拨款", fiscal), ("其他资金", other)]
    else:
        funds = [("年度资金总额", None), ("其中：财政拨款", None), ("其他资金", None)]
    leaves = [(row.path, domain.Target(row.indicator.name, _target_text(row.indicator))) for row in s.leaves]
    return Declaration(evaluation, funds, domain.declaration_groups(leaves))


def _target_text(i: Indicator) -> str:
    return domain.target_value(i.nature, i.target, i.unit)


DECLARATION_TARGETS_HEADER = ["一级指标", "二级指标", "三级指标", "指标值"]


def declaration_rows(d: Declaration) -> list[list[str]]:
    """The 绩效指标 rows for the Excel and Word forms: 一级 and 二级 written on their first row only,
    as the printed form's merged cells read."""
    rows = []
    first_seen = set()
    for group in d.groups:
        for index, target in enumerate(group.targets):
            first = "" if group.first in first_seen else group.first
            first_seen.add(group.first)
            rows.append([first, group.second if index == 0 else "", target.name, target.value])
    return rows
