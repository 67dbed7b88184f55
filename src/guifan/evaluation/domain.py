"""Performance self-evaluation scoring, exact, as pure functions (no Django).

Scores are Decimals kept exact; display rounding (two decimals, or whole points as many
evaluations print) never changes the stored value.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)


def _n(value: Decimal) -> str:
    """8.00 → "8", 2.50 → "2.5": numbers as a person writes them."""
    return format(value.normalize(), "f")


class ScoringError(ValueError):
    """Bad scoring input; str() is the Chinese message."""


def _cap(value: Decimal, weight: Decimal) -> Decimal:
    return max(ZERO, min(weight, value))


def ratio(weight: Decimal, actual: Decimal, target: Decimal) -> Decimal:
    """≥ targets: weight × actual ÷ target, capped at the weight."""
    if target <= 0:
        raise ScoringError("比率法的目标值必须大于0")
    return _cap(weight * actual / target, weight)


def inverse_ratio(weight: Decimal, actual: Decimal, target: Decimal) -> Decimal:
    """≤ targets (costs, durations): weight × target ÷ actual, capped; full marks at or below target."""
    if target <= 0:
        raise ScoringError("反比法的目标值必须大于0")
    if actual <= 0:
        return weight
    return _cap(weight * target / actual, weight)


def equality(weight: Decimal, actual: Decimal, target: Decimal) -> Decimal:
    return weight if actual == target else ZERO


def budget_execution(weight: Decimal, rate_percent: Decimal) -> Decimal:
    """预算执行率: weight × rate, capped (an execution above 100% earns no more)."""
    return _cap(weight * rate_percent / 100, weight)


BANDS = {
    "achieved": ("达成", Decimal("0.8"), Decimal(1)),
    "partly": ("部分达成", Decimal("0.5"), Decimal("0.8")),
    "not": ("未达成", ZERO, Decimal("0.5")),
}


def qualitative(weight: Decimal, band: str, chosen: Decimal) -> Decimal:
    """The evaluator picks a score within the band: 达成 80–100%, 部分达成 50–80%, 未达成 0–50%."""
    if band not in BANDS:
        raise ScoringError("请选择达成、部分达成或未达成")
    label, low, high = BANDS[band]
    if not (weight * low <= chosen <= weight * high):
        raise ScoringError(
            f"“{label}”的得分应在{(weight * low).normalize():f}至{(weight * high).normalize():f}分之间"
        )
    return chosen


@dataclass(frozen=True)
class Deduction:
    points: Decimal
    reason: str
    evidence: str = ""


def deductions(weight: Decimal, items: list[Deduction]) -> Decimal:
    for item in items:
        if item.points <= 0:
            raise ScoringError("扣分必须大于0")
        if not item.reason.strip():
            raise ScoringError("每项扣分都要写明原因")
    return _cap(weight - sum((i.points for i in items), ZERO), weight)


def display(score: Decimal, places: int = 2) -> Decimal:
    """Half-up rounding for display only."""
    return score.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


# ---- the tree ------------------------------------------------------------------------------------


@dataclass
class Node:
    code: str
    name: str
    weight: Decimal
    children: list["Node"] = field(default_factory=list)
    score: Decimal | None = None  # leaves: the computed or chosen score, before override
    override: Decimal | None = None
    override_reason: str = ""
    not_applicable: bool = False
    deviation: str = ""

    @property
    def leaf(self) -> bool:
        return not self.children

    @property
    def final(self) -> Decimal | None:
        return self.override if self.override is not None else self.score


def validate(root: list[Node]) -> list[str]:
    """Weights add up (top level to 100, children to their parent); leaf scores within 0…weight;
    overrides have reasons."""
    problems = []
    if sum((n.weight for n in root), ZERO) != 100:
        problems.append(f"一级指标分值合计应为100，实为{_n(sum((n.weight for n in root), ZERO))}")

    def walk(node: Node) -> None:
        if node.children:
            total = sum((c.weight for c in node.children), ZERO)
            if total != node.weight:
                problems.append(f"“{node.name}”的下级指标分值合计为{_n(total)}，应等于{_n(node.weight)}")
            for child in node.children:
                walk(child)
            return
        if node.final is not None and not (ZERO <= node.final <= node.weight):
            problems.append(f"“{node.name}”得分{_n(node.final)}超出0至{_n(node.weight)}分")
        if node.override is not None and not node.override_reason.strip():
            problems.append(f"“{node.name}”的人工调整须写明理由")

    for node in root:
        walk(node)
    return problems


def sign_off_problems(root: list[Node]) -> list[str]:
    """Before sign-off: every leaf scored or not applicable, and any leaf below full marks explained."""
    problems = validate(root)

    def walk(node: Node) -> None:
        for child in node.children:
            walk(child)
        if node.leaf and not node.not_applicable:
            if node.final is None:
                problems.append(f"“{node.name}”尚未评分")
            elif node.final < node.weight and not node.deviation.strip():
                problems.append(f"“{node.name}”未得满分，须填写偏差原因分析及改进措施")

    for node in root:
        walk(node)
    return problems


def applicable_weight(node: Node) -> Decimal:
    if node.leaf:
        return ZERO if node.not_applicable else node.weight
    return sum((applicable_weight(c) for c in node.children), ZERO)


def earned(node: Node) -> Decimal:
    if node.leaf:
        return ZERO if node.not_applicable or node.final is None else node.final
    return sum((earned(c) for c in node.children), ZERO)


@dataclass(frozen=True)
class Total:
    raw: Decimal  # points earned
    applicable: Decimal  # weight of the applicable indicators
    total: Decimal  # out of 100: rescaled when some indicators are not applicable
    grade: str

    @property
    def rescaled(self) -> bool:
        return self.applicable != 100


GRADE_BANDS = [(Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"), (ZERO, "差")]


def grade_for(total: Decimal, bands: list[tuple[Decimal, str]] = GRADE_BANDS) -> str:
    for minimum, grade in sorted(bands, reverse=True):
        if total >= minimum:
            return grade
    return bands[-1][1]


def total(root: list[Node], bands: list[tuple[Decimal, str]] = GRADE_BANDS) -> Total:
    """Sum of leaf scores; not-applicable leaves are dropped and the rest rescaled to 100."""
    raw = sum((earned(n) for n in root), ZERO)
    applicable = sum((applicable_weight(n) for n in root), ZERO)
    value = raw * 100 / applicable if applicable else ZERO
    return Total(raw, applicable, value, grade_for(value, bands))


# ---- names ---------------------------------------------------------------------------------------


def evaluation_name(year: int, name: str) -> str:
    """The indicator system's name without a leading "2023年度"/"2023年": the year is the
    programme's and is shown in front of the name, so a name typed with it would show it twice."""
    name = name.strip()
    for prefix in (f"{year}年度", f"{year}年"):
        if name.startswith(prefix):
            return name[len(prefix) :].lstrip(" 　：:—-")
    return name


# ---- the 绩效目标申报表 -----------------------------------------------------------------------------

# 一级 → 二级 of the national form (财预〔2015〕88号 附件), in the form's order.
DECLARATION_LEVELS: dict[str, tuple[str, ...]] = {
    "产出指标": ("数量指标", "质量指标", "时效指标", "成本指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
_FIRST_WORDS = (("产出", "产出指标"), ("效益", "效益指标"), ("效果", "效益指标"), ("满意", "满意度指标"))
_SECOND_WORDS = {
    "产出指标": (("数量", "数量指标"), ("质量", "质量指标"), ("时效", "时效指标"), ("成本", "成本指标")),
    "效益指标": (
        ("经济", "经济效益指标"),
        ("社会", "社会效益指标"),
        ("生态", "生态效益指标"),
        ("环境", "生态效益指标"),
        ("可持续", "可持续影响指标"),
    ),
    "满意度指标": (("满意", "服务对象满意度指标"),),
}


# The 20/20/60 template scores 预算执行率 under 项目产出 › 成本; the form reports the money in its own
# 项目资金 rows, and the 自评表 scores execution from them, so it is not one of the form's targets.
NOT_TARGETS = {"预算执行率"}


def declaration_place(path: list[str]) -> tuple[str, str] | None:
    """Where a leaf sits in the 申报表, from the names of its ancestors (top first): (一级, 二级).

    The national template names them as the form does (产出指标 › 数量指标); the 20/20/60 template
    nests them under 项目绩效 (项目产出 › 数量). Leaves outside 产出/效益/满意度 — 项目决策, 项目管理,
    预算执行率 — are how the project was run, not targets, and have no place (None)."""
    for index, name in enumerate(path):
        first = next((label for word, label in _FIRST_WORDS if word in name), None)
        if first is None:
            continue
        below = path[index + 1 :] or [name]
        for word, label in _SECOND_WORDS[first]:
            if any(word in n for n in below):
                return first, label
        return first, below[0]
    return None


@dataclass(frozen=True)
class Target:
    """One 三级指标 of the 申报表 with its 指标值 (≥8家, ≤20000元/家, 定性)."""

    name: str
    value: str


@dataclass
class TargetGroup:
    first: str
    second: str
    targets: list[Target]


def target_value(nature: str, target: Decimal | None, unit: str) -> str:
    if target is None:
        return "定性"
    return f"{'' if nature == '定性' else nature}{_n(target)}{unit}"


def declaration_groups(leaves: list[tuple[list[str], Target]]) -> list[TargetGroup]:
    """The 绩效指标 rows grouped as the form prints them: 产出, 效益, 满意度, each by its 二级 in the
    form's order (an 二级 the form does not name comes after the named ones); other leaves left out."""
    groups: dict[tuple[str, str], TargetGroup] = {}
    for path, target in leaves:
        place = None if target.name in NOT_TARGETS else declaration_place(path)
        if place is None:
            continue
        groups.setdefault(place, TargetGroup(*place, [])).targets.append(target)
    firsts = list(DECLARATION_LEVELS)

    def order(key: tuple[str, str]) -> tuple[int, int]:
        first, second = key
        seconds = DECLARATION_LEVELS[first]
        return firsts.index(first), seconds.index(second) if second in seconds else len(seconds)

    return [groups[key] for key in sorted(groups, key=order)]


def annual_goal(*, year: int, target: int, standard_wan: Decimal, budget_wan: Decimal | None) -> str:
    """The 年度目标 of a year from its own figures (a copied goal would still state last year's)."""
    budget = f"，预算经费{_n(budget_wan)}万元" if budget_wan is not None else ""
    return (
        f"{year}年计划扶持{target}家盲人保健按摩机构开展规范化建设，"
        f"补助标准{_n(standard_wan)}万元/家{budget}。"
    )
