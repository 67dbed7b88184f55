"""What the national 项目支出绩效自评表 holds, as `national.read_form` reads it: figures with the
precision they were printed with, targets with their operators, and the form's blocks. Pure Python."""

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
OPERATORS = {"≥": "≥", ">=": "≥", "＞": ">", ">": ">", "≤": "≤", "<=": "≤", "＜": "<", "<": "<"}
OPERATORS |= {"=": "=", "＝": "=", "不低于": "≥", "不少于": "≥", "不小于": "≥", "大于等于": "≥"}
OPERATORS |= {"不高于": "≤", "不超过": "≤", "不大于": "≤", "小于等于": "≤", "高于": ">", "低于": "<"}
TARGET = re.compile(
    r"^(≥|>=|＞|>|≤|<=|＜|<|＝|=|不低于|不少于|不小于|大于等于|不高于|不超过|不大于|小于等于)?\s*"
    r"(-?\d+(?:\.\d+)?)\s*([^\d\s]*)$"
)


@dataclass(frozen=True)
class Num:
    """A figure as printed: its value, the decimals it was printed with, and whether it had %."""

    text: str
    value: Decimal
    places: int
    percent: bool = False


def num(text: str | None, *, rate: bool = False) -> Num | None:
    """A cell that holds one figure ("132.912", "86%", "10分", "0.95" in a rate column); else None."""
    if not text:
        return None
    clean = text.replace(",", "").replace("，", "").replace(" ", "").replace("万元", "").rstrip("分")
    match = re.fullmatch(r"(-?\d+(?:\.(\d+))?)(%?)", clean)
    if not match:
        return None
    try:
        value = Decimal(match.group(1))
    except InvalidOperation:
        return None
    places, percent = len(match.group(2) or ""), bool(match.group(3))
    if rate and not percent and value <= Decimal("1.5"):
        return Num(text, value * 100, max(0, places - 2), True)  # 0.95 written for 95%, 1 for 100%
    return Num(text, value, places, percent)


@dataclass(frozen=True)
class Target:
    operator: str  # ≥ > ≤ < =
    value: Decimal
    unit: str


def target(text: str, operator: str = "") -> Target | None:
    """'≥180人', '不低于95%', or '180' with the 指标性质 column's operator; None when not quantitative."""
    compact = re.sub(r"\s+", "", text or "")
    match = TARGET.match(compact)
    if not match:
        return None
    op = OPERATORS.get(match.group(1) or "", "") or OPERATORS.get(operator.strip(), "")
    if not op:
        return None
    return Target(op, Decimal(match.group(2)), match.group(3))


def actual_value(text: str, unit: str) -> Decimal | None:
    """The 实际完成值 as a number in the target's unit; None when it is words or another unit."""
    compact = re.sub(r"\s+", "", text or "")
    match = re.fullmatch(r"(?:≥|≤|=|＝)?(-?\d+(?:\.\d+)?)([^\d\s]*)", compact)
    if not match or (match.group(2) and unit and match.group(2) != unit):
        return None
    return Decimal(match.group(1))


def missed(t: Target, value: Decimal) -> bool:
    return {
        "≥": value < t.value,
        ">": value <= t.value,
        "≤": value > t.value,
        "<": value >= t.value,
        "=": value != t.value,
    }[t.operator]


@dataclass
class FundsLine:
    label: str
    amounts: dict[str, Num | None]  # by column header (年初预算数, 全年预算数, 全年执行数 …)


@dataclass
class Funds:
    columns: list[str]
    total: FundsLine
    parts: list[FundsLine]
    budget_column: str | None  # the denominator of 执行率
    opening_column: str | None  # 年初预算数, when the form has it
    spent_column: str | None
    weight: Num | None = None
    rate: Num | None = None
    score: Num | None = None


@dataclass
class Indicator:
    levels: tuple[str, ...]
    name: str
    target_text: str
    actual_text: str
    nature: str  # the 指标性质 column (云南): =, ≥, ≤
    weight: Num | None
    score: Num | None
    deviation: str

    @property
    def target(self) -> Target | None:
        return target(self.target_text, self.nature)


@dataclass
class NationalForm:
    project: str = ""  # 项目名称
    unit: str = ""  # 实施单位 (else 主管部门)
    funds: Funds | None = None
    expected_goal: str = ""
    actual_goal: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    group_weights: list[tuple[str, Num]] = field(default_factory=list)  # "产出指标(50分)"
    total_weight: Num | None = None
    total_score: Num | None = None
    grade: str | None = None
    texts: list[str] = field(default_factory=list)  # the paragraphs outside the tables
    unplaced: list[str] = field(default_factory=list)

    @property
    def found(self) -> bool:
        return self.funds is not None or bool(self.indicators)
