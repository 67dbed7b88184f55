"""The grading workflow and scoring rules, as data and pure functions (no Django models).

The transition table is the one place that says which action moves an application from which
state to which, and who may take it. Views show the buttons of `available_actions`; the one
service `application_transition` checks the table under a row lock.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from .constants import Action as A
from .constants import State as S

OPERATOR, COUNTY, CITY, INSPECTOR = "operator", "county_officer", "city_admin", "inspector"
AUDITOR = "auditor"  # reads everything, acts on nothing
PUBLIC, SYSTEM = "public", "system"  # objections from anyone; payments recorded by the funds ledger


class InvalidTransition(Exception):
    """The action is not allowed from this state, or not to this role; str() is the Chinese message."""


@dataclass(frozen=True)
class Rule:
    sources: frozenset[str]
    target: str
    roles: frozenset[str]


def _rule(sources, target, *roles) -> Rule:
    return Rule(frozenset(sources), target, frozenset(roles))


BEFORE_ACCEPTANCE = {
    S.DRAFT,
    S.SUBMITTED,
    S.RETURNED,
    S.COUNTY_APPROVED,
    S.CONSTRUCTION,
    S.SELF_INSPECTED,
    S.CITY_INSPECTION,
    S.RECTIFICATION,
    S.RECTIFICATION_SUBMITTED,
    S.REINSPECTION,
}

TRANSITIONS: dict[str, Rule] = {
    A.SUBMIT: _rule({S.DRAFT, S.RETURNED}, S.SUBMITTED, OPERATOR, COUNTY),
    A.RETURN: _rule({S.SUBMITTED}, S.RETURNED, COUNTY),
    A.APPROVE: _rule({S.SUBMITTED}, S.COUNTY_APPROVED, COUNTY),
    A.START_CONSTRUCTION: _rule({S.COUNTY_APPROVED}, S.CONSTRUCTION, COUNTY),
    A.FINISH_SELF_INSPECTION: _rule({S.CONSTRUCTION}, S.SELF_INSPECTED, COUNTY),
    A.START_CITY_INSPECTION: _rule({S.SELF_INSPECTED}, S.CITY_INSPECTION, CITY, INSPECTOR),
    A.REQUIRE_RECTIFICATION: _rule({S.CITY_INSPECTION, S.REINSPECTION}, S.RECTIFICATION, CITY, INSPECTOR),
    A.SUBMIT_RECTIFICATION: _rule({S.RECTIFICATION}, S.RECTIFICATION_SUBMITTED, OPERATOR, COUNTY),
    A.START_REINSPECTION: _rule({S.RECTIFICATION_SUBMITTED}, S.REINSPECTION, CITY, INSPECTOR),
    A.ACCEPT: _rule({S.CITY_INSPECTION, S.REINSPECTION}, S.ACCEPTED, CITY, INSPECTOR),
    A.FAIL: _rule({S.CITY_INSPECTION, S.REINSPECTION}, S.FAILED, CITY, INSPECTOR),
    A.PUBLISH: _rule({S.ACCEPTED}, S.PUBLICITY, CITY),
    A.RAISE_OBJECTION: _rule({S.PUBLICITY}, S.OBJECTION, PUBLIC, CITY),
    A.UPHOLD_RECTIFY: _rule({S.OBJECTION}, S.RECTIFICATION, CITY),
    A.UPHOLD_FAIL: _rule({S.OBJECTION}, S.FAILED, CITY),
    A.DISMISS_OBJECTION: _rule({S.OBJECTION}, S.PUBLICITY, CITY),
    A.COUNCIL_APPROVE: _rule({S.PUBLICITY}, S.COUNCIL_APPROVED, CITY),
    A.MARK_PAID: _rule({S.COUNCIL_APPROVED}, S.PAID, SYSTEM),
    A.WITHDRAW: _rule(
        {S.DRAFT, S.SUBMITTED, S.RETURNED, S.COUNTY_APPROVED, S.CONSTRUCTION, S.SELF_INSPECTED},
        S.WITHDRAWN,
        OPERATOR,
        COUNTY,
    ),
    A.NOT_COMPLETE: _rule(BEFORE_ACCEPTANCE, S.NOT_COMPLETED, COUNTY, CITY),
}
# Actions that need a dedicated step rather than a bare button (a form, a batch, a ledger entry).
NOT_A_BUTTON = {
    A.PUBLISH,
    A.RAISE_OBJECTION,
    A.COUNCIL_APPROVE,
    A.MARK_PAID,
    A.UPHOLD_RECTIFY,
    A.UPHOLD_FAIL,
    A.DISMISS_OBJECTION,
}
# Actions whose comment is required: the reason must be on record.
NEEDS_COMMENT = {
    A.RETURN,
    A.FAIL,
    A.UPHOLD_RECTIFY,
    A.UPHOLD_FAIL,
    A.DISMISS_OBJECTION,
    A.NOT_COMPLETE,
    A.WITHDRAW,
}
FINAL = {S.PAID, S.WITHDRAWN, S.NOT_COMPLETED, S.FAILED}


def next_state(state: str, action: str, role: str) -> str:
    """The state after the action, or InvalidTransition saying why not."""
    rule = TRANSITIONS.get(action)
    if rule is None:
        raise InvalidTransition(f"未知操作“{action}”")
    label = A(action).label
    if state not in rule.sources:
        raise InvalidTransition(f"当前状态为“{S(state).label}”，不能“{label}”")
    if role not in rule.roles:
        raise InvalidTransition(f"您的角色不能“{label}”")
    return rule.target


def available_actions(state: str, role: str) -> list[str]:
    """The buttons to show: actions this role may take from this state, in table order."""
    return [
        action
        for action, rule in TRANSITIONS.items()
        if state in rule.sources and role in rule.roles and action not in NOT_A_BUTTON
    ]


# ---- scoring -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemRule:
    id: int
    max_points: Decimal
    veto: bool = False


@dataclass(frozen=True)
class Band:
    minimum: Decimal
    grade: str


NO_GRADE = "不予评定"


def score_error(points: Decimal | None, maximum: Decimal) -> str | None:
    if points is None:
        return "请填写得分"
    if points < 0:
        return "得分不能小于0"
    if points > maximum:
        return f"得分不能超过本项满分{maximum}"
    if points != points.quantize(Decimal("0.1")):
        return "得分最多保留一位小数"
    return None


@dataclass(frozen=True)
class Result:
    total: Decimal
    maximum: Decimal
    veto_failed: tuple[int, ...]
    missing: tuple[int, ...]
    grade: str

    @property
    def complete(self) -> bool:
        return not self.missing

    @property
    def passed(self) -> bool:
        return self.complete and not self.veto_failed and self.grade != NO_GRADE


def grade_for(total: Decimal, bands: list[Band]) -> str:
    """The highest band whose minimum the total reaches; bands may come in any order."""
    for band in sorted(bands, key=lambda b: b.minimum, reverse=True):
        if total >= band.minimum:
            return band.grade
    return NO_GRADE


def inspection_result(items: list[ItemRule], scores: dict[int, Decimal], bands: list[Band]) -> Result:
    """Total, missing items and veto failures. A veto item fails when it scores below its maximum,
    and a failed veto item means no grade whatever the total (一票否决)."""
    total = sum((scores[i.id] for i in items if i.id in scores), Decimal(0))
    vetoes = tuple(i.id for i in items if i.veto and i.id in scores and scores[i.id] < i.max_points)
    missing = tuple(i.id for i in items if i.id not in scores)
    grade = NO_GRADE if vetoes or missing else grade_for(total, bands)
    return Result(total, sum((i.max_points for i in items), Decimal(0)), vetoes, missing, grade)


# ---- the standard's own rules (checked whenever a version is saved) -----------------------------

TOTAL_POINTS = Decimal(100)


@dataclass(frozen=True)
class ItemRow:
    """One row of a standard as typed: a section heading when `max_points` is None."""

    row: int  # the row number the user sees
    code: str
    title: str
    section: str = ""
    max_points: Decimal | None = None
    evidence_required: bool = False
    veto: bool = False


@dataclass(frozen=True)
class RowError:
    row: int  # 0 for the whole table
    field: str
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}" if self.row else self.message


def standard_item_errors(rows: list[ItemRow]) -> list[RowError]:
    """Codes unique, sections named before use, points positive with one decimal, total 100."""
    errors, codes, sections = [], set(), set()
    total = Decimal(0)
    for r in rows:
        if not r.code:
            errors.append(RowError(r.row, "code", "请填写编号"))
        elif r.code in codes:
            errors.append(RowError(r.row, "code", f"编号“{r.code}”与前面的行重复"))
        codes.add(r.code)
        if not r.title:
            errors.append(RowError(r.row, "title", "请填写名称"))
        if r.max_points is None:
            sections.add(r.code)
            if r.section:
                errors.append(RowError(r.row, "section", "部分标题行（不填满分）不能再属于其他部分"))
            if r.veto or r.evidence_required:
                errors.append(
                    RowError(r.row, "max_points", "部分标题行不评分：设一票否决或须上传佐证的行须填写满分")
                )
            continue
        if r.section and r.section not in sections:
            errors.append(RowError(r.row, "section", f"所属部分“{r.section}”须是前面的部分标题行的编号"))
        if r.max_points <= 0 or r.max_points != r.max_points.quantize(Decimal("0.1")):
            errors.append(RowError(r.row, "max_points", f"满分应大于0、最多一位小数，实为{r.max_points}"))
        total += r.max_points
    if not any(r.max_points is not None for r in rows):
        errors.append(RowError(0, "", "至少要有一个评分条目（填写满分的行）"))
    elif total != TOTAL_POINTS:
        errors.append(RowError(0, "", f"各条目满分合计应为100分，现为{total.normalize():f}分"))
    return errors


def band_errors(bands: list[tuple[int, Decimal | None, str]]) -> list[RowError]:
    """Grade bands as (row, minimum, grade), highest first: minimums strictly falling (so bands
    cannot overlap), within 0–100, grade names present and distinct."""
    errors, seen, previous = [], set(), None
    for row, minimum, grade in bands:
        if minimum is None:
            errors.append(RowError(row, "minimum", "请填写最低分"))
        elif not 0 <= minimum <= TOTAL_POINTS:
            errors.append(RowError(row, "minimum", f"最低分应在0到100之间，实为{minimum}"))
        elif previous is not None and minimum >= previous[1]:
            errors.append(
                RowError(
                    row,
                    "minimum",
                    f"最低分{minimum}须低于上一行（第{previous[0]}行）的{previous[1]}：等级按分数从高到低排列，不能重叠",
                )
            )
        if minimum is not None:
            previous = (row, minimum)
        if not grade:
            errors.append(RowError(row, "grade", "请填写等级名称"))
        elif grade in seen:
            errors.append(RowError(row, "grade", f"等级“{grade}”与前面的行重复"))
        seen.add(grade)
    if not bands:
        errors.append(RowError(0, "", "至少要有一个等级"))
    return errors


def band_ranges(bands: list[Band]) -> list[tuple[str, Decimal, Decimal | None]]:
    """(grade, from, below) highest first; `below` is None for the top band (up to full marks)."""
    ordered = sorted(bands, key=lambda b: b.minimum, reverse=True)
    return [(b.grade, b.minimum, ordered[i - 1].minimum if i else None) for i, b in enumerate(ordered)]


# ---- deciding after an inspection -----------------------------------------------------------------


@dataclass(frozen=True)
class InspectionFacts:
    """What a decision needs to know about the latest city inspection or re-inspection."""

    kind: str  # InspectionKind value
    completed: bool
    veto_failed: bool
    grade: str


DECISIONS = {A.ACCEPT, A.FAIL, A.REQUIRE_RECTIFICATION}


def decision_refusal(
    action: str, state: str, latest: InspectionFacts | None, open_rectifications: int
) -> str | None:
    """Why 验收通过 / 验收不通过 / 提出整改意见 cannot be taken now, or None.

    Under re-inspection the decision waits for the re-inspection itself (not the earlier city
    inspection) to be scored in full; acceptance also needs every rectification closed and a
    passing result."""
    if action not in DECISIONS:
        return None
    if state == S.REINSPECTION and (latest is None or latest.kind != "reinspection"):
        return "复查尚未进行：请先开始复查并完成复查评分"
    if latest is None or not latest.completed:
        return "复查评分尚未完成，请先完成复查评分" if state == S.REINSPECTION else "请先完成本次检查评分"
    if action == A.ACCEPT:
        if open_rectifications:
            return f"还有{open_rectifications}项整改未完成复查，不能验收通过"
        if latest.veto_failed:
            return "检查结果不能验收通过：有一票否决项未达标"
        if latest.grade == NO_GRADE:
            return "检查结果不能验收通过：得分未达到最低等级"
    return None


# ---- publicity -----------------------------------------------------------------------------------


def publicity_end(start: date, working_days: int, holidays: set[date]) -> date:
    """The last day of a publicity period of N working days starting on `start` (counted if a
    working day), skipping weekends and listed public holidays."""
    if working_days < 1:
        raise ValueError("公示期至少1个工作日")
    day, counted = start, 0
    while True:
        if day.weekday() < 5 and day not in holidays:
            counted += 1
            if counted == working_days:
                return day
        day += timedelta(days=1)


# Letters and digits that cannot be mistaken for one another when read out or typed.
REFERENCE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def objection_reference(year: int, number: int, check: str) -> str:
    """The reference an objector keeps to follow up, e.g. 2023-0001-K7QM: counted per programme
    year, with a random part so that nobody can read other people's objections by counting."""
    return f"{year}-{number:04d}-{check}"


# ---- plain-language status for the institution ---------------------------------------------------

NEXT_STEP: dict[str, str] = {
    S.DRAFT: "请填写申请说明，然后提交申请。",
    S.SUBMITTED: "县区残联正在审核您的申请，审核后会通知您。",
    S.RETURNED: "县区残联退回了申请。请按退回意见修改后重新提交。",
    S.COUNTY_APPROVED: "县区审核已通过，县区残联将组织规范化建设。",
    S.CONSTRUCTION: "请按标准完成“统一标识、统一名称、统一制度”等建设；完成后县区残联会来自检。",
    S.SELF_INSPECTED: "县区自检已完成，等待市级检查验收。",
    S.CITY_INSPECTION: "市级检查验收正在进行。",
    S.RECTIFICATION: "检查提出了整改要求。请在期限内完成整改，填写整改情况并上传佐证材料，然后提交。",
    S.RECTIFICATION_SUBMITTED: "整改材料已提交，等待复查。",
    S.REINSPECTION: "市级复查正在进行。",
    S.ACCEPTED: "验收已通过，等待社会公示。",
    S.FAILED: "很遗憾，本年度验收未通过。如有疑问请联系县区残联。",
    S.PUBLICITY: "正在社会公示，公示期满且无异议后报市残联理事会审批。",
    S.OBJECTION: "公示期间收到异议，市残联正在核实处理。",
    S.COUNCIL_APPROVED: "市残联理事会已批准，评定等级正式生效；县区残联将拨付补助资金。",
    S.PAID: "补助资金已拨付。本年度规范化建设全部完成。",
    S.WITHDRAWN: "申请已撤回。",
    S.NOT_COMPLETED: "本年度未能完成规范化建设。",
}
DRAFT_WITH_STATEMENT = "请核对申请说明，然后提交申请。"

# The same states as the county officer reads them: what is waiting for whom.
COUNTY_NEXT_STEP: dict[str, str] = {
    S.DRAFT: "机构尚未提交申请：可核对申请说明后代为提交。",
    S.SUBMITTED: "待本县区审核：请审核申请说明，通过或退回修改。",
    S.RETURNED: "已退回机构修改，等待机构修改申请说明后重新提交。",
    S.COUNTY_APPROVED: "县区审核已通过：请组织机构开始规范化建设。",
    S.CONSTRUCTION: "规范化建设中：建设完成后请进行县区自检评分，然后完成县区自检。",
    S.SELF_INSPECTED: "县区自检已完成，等待市级检查验收。",
    S.CITY_INSPECTION: "市级检查验收正在进行。",
    S.RECTIFICATION: "市级检查提出了整改要求：请督促机构在期限内整改并提交整改材料。",
    S.RECTIFICATION_SUBMITTED: "整改材料已提交，等待市级复查。",
    S.REINSPECTION: "市级复查正在进行。",
    S.ACCEPTED: "验收已通过，等待市残联发布公示。",
    S.FAILED: "本年度验收未通过。",
    S.PUBLICITY: "正在社会公示，公示期满且无异议后报市残联理事会审批。",
    S.OBJECTION: "公示期间收到异议，市残联正在核实处理。",
    S.COUNCIL_APPROVED: "市残联理事会已批准：请拨付补助资金。",
    S.PAID: "补助资金已拨付，本年度规范化建设全部完成。",
    S.WITHDRAWN: "申请已撤回。",
    S.NOT_COMPLETED: "本年度未能完成规范化建设。",
}
CITY_NEXT_STEP: dict[str, str] = {
    **COUNTY_NEXT_STEP,
    S.DRAFT: "机构尚未提交申请。",
    S.SUBMITTED: "待县区审核：县区残联审核申请说明后通过或退回修改。",
    S.COUNTY_APPROVED: "县区审核已通过，等待县区组织规范化建设。",
    S.CONSTRUCTION: "规范化建设中，等待县区自检。",
    S.SELF_INSPECTED: "县区自检已完成，可以进行市级检查验收。",
    S.CITY_INSPECTION: "市级检查验收中：请逐项评分，然后验收通过、不通过或提出整改意见。",
    S.RECTIFICATION: "已提出整改意见，等待机构在期限内提交整改材料。",
    S.RECTIFICATION_SUBMITTED: "整改材料已提交，可以进行复查。",
    S.REINSPECTION: "复查中：请对整改条目重新评分，然后作出验收决定。",
    S.ACCEPTED: "验收已通过，可以列入公示。",
    S.PUBLICITY: "正在社会公示：公示期满且无异议后登记理事会决定。",
    S.OBJECTION: "公示期间收到异议：请核实处理。",
    S.COUNCIL_APPROVED: "市残联理事会已批准，等待县区拨付补助资金。",
}


def next_step(state: str, role: str, *, has_statement: bool = False) -> str:
    """The next-step line in the words of the reader: the institution, its county, or the city."""
    if role == COUNTY:
        return COUNTY_NEXT_STEP[state]
    if role in {CITY, INSPECTOR, AUDITOR}:
        return CITY_NEXT_STEP[state]
    if state == S.DRAFT and has_statement:
        return DRAFT_WITH_STATEMENT
    return NEXT_STEP[state]
