"""A grade's life after the council: the transition table, validity by date, reviews' figures.

Pure: no Django models. `grade_transition` in services is the only code that changes a grade's
state, and it asks `next_state` here first.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .constants import GradeAction as A
from .constants import GradeState as S
from .constants import Outcome

COUNTY, CITY, INSPECTOR, SYSTEM = "county_officer", "city_admin", "inspector", "system"


class InvalidGradeChange(Exception):
    """The change is not allowed from this state, or not to this role; str() is the Chinese message."""


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    target: str
    roles: frozenset[str]


def _rule(sources, target, *roles) -> Rule:
    return Rule(frozenset(sources), target, frozenset(roles))


LIVE = frozenset({S.VALID, S.UNDER_REVIEW, S.RECTIFYING})
ENDED = frozenset({S.DOWNGRADED, S.REVOKED, S.EXPIRED, S.CANCELLED, S.REPLACED})

# Lowering or removing a grade is the council's decision after publicity: only the city records
# it, through `decision_record`. A review's 保持 and 限期整改 are the reviewer's own findings.
TRANSITIONS: dict[str, Rule] = {
    A.OPEN_REVIEW: _rule({S.VALID}, S.UNDER_REVIEW, CITY),
    A.KEEP: _rule({S.UNDER_REVIEW, S.RECTIFYING}, S.VALID, COUNTY, CITY, INSPECTOR),
    A.REQUIRE_RECTIFICATION: _rule(
        {S.VALID, S.UNDER_REVIEW, S.RECTIFYING}, S.RECTIFYING, COUNTY, CITY, INSPECTOR
    ),
    A.DOWNGRADE: _rule(LIVE, S.DOWNGRADED, CITY),
    A.REVOKE: _rule(LIVE, S.REVOKED, CITY),
    A.EXPIRE: _rule(LIVE, S.EXPIRED, SYSTEM),
    A.CANCEL: _rule(LIVE, S.CANCELLED, COUNTY, CITY),
    A.REPLACE: _rule(LIVE, S.REPLACED, CITY, SYSTEM),
}
NEEDS_REASON = {A.REQUIRE_RECTIFICATION, A.DOWNGRADE, A.REVOKE, A.CANCEL}
# Outcomes that lower or remove a grade wait for publicity and the council.
NEEDS_COUNCIL = {Outcome.DOWNGRADE, Outcome.REVOKE}
OUTCOME_ACTION = {
    Outcome.KEEP: A.KEEP,
    Outcome.RECTIFY: A.REQUIRE_RECTIFICATION,
    Outcome.DOWNGRADE: A.DOWNGRADE,
    Outcome.REVOKE: A.REVOKE,
}


def next_state(state: str, action: str, role: str) -> str:
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise InvalidGradeChange(f"未知操作“{action}”")
    label = A(action).label
    if state not in rule.sources:
        raise InvalidGradeChange(f"等级状态为“{S(state).label}”，不能“{label}”")
    if role not in rule.roles:
        raise InvalidGradeChange(f"您的角色不能“{label}”")
    return rule.target


def shown_state(state: str, valid_to: date, today: date) -> str:
    """What a grade is on `today`: a live grade past its valid-to date is expired even before the
    daily job records it, so no page or certificate shows it as valid for a day too long."""
    return S.EXPIRED if state in LIVE and valid_to < today else state


def is_valid_on(state: str, valid_to: date, today: date) -> bool:
    return shown_state(state, valid_to, today) in LIVE


def valid_until(approved_on: date, years: int) -> date:
    """The last day of validity: the day before the anniversary (2022-08-10 for 3 years →
    2025-08-09); 29 February approvals end on 27/28 February."""
    try:
        anniversary = approved_on.replace(year=approved_on.year + years)
    except ValueError:
        anniversary = approved_on.replace(year=approved_on.year + years, day=28)
    return anniversary - timedelta(days=1)


def certificate_number(city_code: str, year: int, sequence: int) -> str:
    """E.g. 530100-2022-007: the city, the year of the decision, a sequence within that year."""
    return f"{city_code}-{year}-{sequence:03d}"


EXPIRY_WARNINGS = (90, 30)


def expiry_window(valid_to: date, today: date) -> int | None:
    """The warning window (90 or 30 days) a live grade is in, or None: the nearest that applies."""
    left = (valid_to - today).days
    if left < 0:
        return None
    for days in sorted(EXPIRY_WARNINGS):
        if left <= days:
            return days
    return None


def lower_levels(bands: list[dict], level: str) -> list[str]:
    """The levels below `level` in the standard's bands (listed from the highest)."""
    names = [band["grade"] for band in sorted(bands, key=lambda b: -float(b["minimum"]))]
    return names[names.index(level) + 1 :] if level in names else []


def outcome_errors(
    *, outcome: str, reason: str, new_level: str, lower: list[str], due: date | None, today: date
) -> dict[str, str]:
    """Per field, what is missing or wrong in a review's outcome."""
    errors: dict[str, str] = {}
    if outcome != Outcome.KEEP and not reason.strip():
        errors["reason"] = f"“{Outcome(outcome).label}”须写明理由（扣分条目和事实）"
    if outcome == Outcome.RECTIFY:
        if due is None:
            errors["due"] = "请填写整改期限"
        elif due <= today:
            errors["due"] = f"整改期限须在今天（{today:%Y年%-m月%-d日}）之后"
    if outcome == Outcome.DOWNGRADE:
        if not lower:
            errors["new_level"] = "该等级已是最低等级，不能再降级；请选择“撤销”"
        elif new_level not in lower:
            errors["new_level"] = f"请选择降至的等级：{'、'.join(lower)}"
    return errors


@dataclass(frozen=True)
class ReviewFigures:
    """A year's figures for the evaluation: 年审通过率 = annual reviews ending in 保持 (at once or
    after rectification) ÷ annual reviews concluded; 监管覆盖率 = graded institutions reviewed
    (annual or spot) ÷ grades in force."""

    in_force: int
    reviewed: int
    annual: int
    kept: int

    @property
    def pass_rate(self) -> Decimal:
        """Percent; 0 when nothing was reviewed."""
        return Decimal(self.kept) * 100 / self.annual if self.annual else Decimal(0)

    @property
    def coverage(self) -> Decimal:
        return Decimal(self.reviewed) * 100 / self.in_force if self.in_force else Decimal(0)
