"""The funds rules, in fen, as plain Python: tested without a database (the figures: `balances`).

Money moves per funding source (a budget line of one funding year): the finance bureau's money
arrives (到位), the city transfers it to counties (下拨), a county pays institutions (拨付) or the city
takes unspent money back (收回). A county's balance of an earlier funding year may pay institutions
in a later programme year only as far as it has been carried over (结转) into that year. Balances
are always derived from the entries; a reversal is an entry of the same kind with the opposite sign.
Dates run in order: money arrives, is transferred, and is paid after the council's decision.
"""

from dataclasses import dataclass, field
from datetime import date

from guifan.core.money import format_wan


class FundsRuleError(Exception):
    """A money movement the rules forbid; str() is the Chinese message for the user."""


class SourceExceeded(FundsRuleError):
    pass


class BalanceExceeded(FundsRuleError):
    pass


class NotAccepted(FundsRuleError):
    pass


class DuplicateSubsidy(FundsRuleError):
    pass


class NonStandardAmount(FundsRuleError):
    pass


class CountyNotInProgramme(FundsRuleError):
    pass


class NotCarriedOver(FundsRuleError):
    pass


class DateOutOfOrder(FundsRuleError):
    """Money moves in order: it arrives, then is transferred, then paid after the council's decision."""


class RepeatSubsidy(FundsRuleError):
    pass


class YearExists(FundsRuleError):
    pass


def check_budget(budget: int) -> None:
    if budget <= 0:
        raise FundsRuleError("预算金额必须大于0")


def check_new_year(*, year: int, previous_year: int, year_exists: bool, budget: int) -> None:
    """A year started from an earlier one: new, later than the year it copies, with a budget."""
    if year_exists:
        raise YearExists(f"{year}年度项目已存在，不能重复新建；请到该年度页面修改")
    if year <= previous_year:
        raise FundsRuleError(f"新年度（{year}）须晚于作为基础的{previous_year}年度")
    check_budget(budget)


def next_name(name: str, previous_year: int, year: int) -> str:
    """The previous year's project name with its year replaced: "2022年盲人按摩…" → "2023年盲人按摩…"."""
    return name.replace(str(previous_year), str(year))


def role_for(kind: str) -> str:
    """Who records an entry of this kind, and so who may correct it by a reversal: the county its
    payments, the city every other move."""
    return "county_officer" if kind == "payment" else "city_admin"


def day(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


class DateOutOfRange(FundsRuleError):
    """A date no entry of its funding year can have: too early, or in the future."""


def entry_note(reason: str, repeat_reason: str) -> str:
    """The ledger's 说明 column: the entry's reason, and why an institution subsidised before is paid."""
    parts = [reason] if reason else []
    if repeat_reason:
        parts.append(f"以前年度已获补助：{repeat_reason}")
    return "；".join(parts)


def earliest_entry_date(funding_year: int) -> date:
    """1 January of the year before: a budget may be issued in advance (提前下达) late in that year."""
    return date(funding_year - 1, 1, 1)


def check_entry_date(*, on: date, funding_year: int, today: date) -> None:
    """Every ledger entry of a funding year is dated between 1 January of the year before and today."""
    earliest = earliest_entry_date(funding_year)
    if on < earliest:
        raise DateOutOfRange(
            f"日期{day(on)}早于{funding_year}年度资金可登记的最早日期{day(earliest)}"
            f"（{funding_year}年度的预算最早在{funding_year - 1}年提前下达）；请核对日期"
        )
    if on > today:
        raise DateOutOfRange(
            f"日期{day(on)}晚于今天（{day(today)}），{funding_year}年度资金不能登记未来日期；"
            "可能是日期录错，请核对"
        )


def check_transfer(*, amount: int, unallocated: int, county_in_programme: bool, county: str) -> None:
    if not county_in_programme:
        raise CountyNotInProgramme(f"{county}不是本年度项目的任务县区，不能下拨")
    if amount > unallocated:
        raise SourceExceeded(f"下拨金额{format_wan(amount)}超过该资金来源尚未下拨的{format_wan(unallocated)}")


def check_receipt_date(*, on: date, first_receipt_on: date | None, first_transfer_on: date | None) -> None:
    """The source's first arrival of money cannot come after money of it was already transferred.
    Transfers may be recorded before any receipt (the budget document allocates the money); once a
    receipt is recorded, no transfer may predate it."""
    if first_receipt_on is None and first_transfer_on is not None and on > first_transfer_on:
        raise DateOutOfOrder(
            f"资金到位日期{day(on)}晚于该资金来源的首次下拨日期{day(first_transfer_on)}；"
            "资金须先到位再下拨，请核对日期"
        )


def check_transfer_date(*, on: date, received_on: date | None, document: str) -> None:
    """A transfer cannot be dated before the source's money first arrived (when an arrival is recorded)."""
    if received_on is not None and on < received_on:
        raise DateOutOfOrder(
            f"下拨日期{day(on)}早于资金来源“{document}”的资金到位日期{day(received_on)}；资金到位后才能下拨"
        )


def check_recovery(*, amount: int, county_balance: int, county: str) -> None:
    if amount > county_balance:
        raise BalanceExceeded(
            f"收回金额{format_wan(amount)}超过{county}该年度资金结余{format_wan(county_balance)}"
        )


def check_carry_over(*, amount: int, county_balance: int, already_carried: int, county: str) -> None:
    available = county_balance - already_carried
    if amount > available:
        raise BalanceExceeded(f"结转金额{format_wan(amount)}超过{county}可结转的结余{format_wan(available)}")


def spendable(*, county_balance: int, carried_unused: int, funding_year: int, programme_year: int) -> int:
    """What a county may still pay institutions of a programme year from one funding year's money:
    its balance, and for an earlier funding year no more than was carried over into this year and
    not yet paid (the two limits `check_payment` enforces). Never negative."""
    if funding_year > programme_year:
        return 0
    available = county_balance if funding_year == programme_year else min(county_balance, carried_unused)
    return max(available, 0)


@dataclass(frozen=True)
class PaymentCase:
    amount: int
    county: str
    institution: str
    county_balance: int  # this county's balance of the payment's funding year
    standard: int  # the programme's subsidy per institution
    accepted: bool  # the institution passed acceptance in this programme
    already_paid: int  # net amount already paid to this institution in this programme
    funding_year: int
    programme_year: int
    carried_unused: int = 0  # carried over from funding_year into programme_year, not yet paid
    amount_reason: str = ""  # why the amount differs from the standard
    exception_reason: str = ""  # why a second subsidy in the same programme is allowed
    on: date | None = None  # the payment's date; None skips the date rules
    transferred_on: date | None = None  # first unreversed transfer of the funding year to this county
    carried_on: date | None = None  # first carry-over of the funding year into programme_year
    accepted_on: date | None = None  # the council decision that accepted the institution
    earlier_paid: dict[int, int] = field(default_factory=dict)  # earlier programme year → net paid
    repeat_reason: str = ""  # why an institution paid in an earlier year is paid again


def check_payment_dates(case: PaymentCase) -> None:
    """A payment follows the transfer of its money to the county (and its carry-over into this year)
    and the council decision that accepted the institution."""
    on = case.on
    if on is None:
        return
    if case.transferred_on is not None and on < case.transferred_on:
        raise DateOutOfOrder(
            f"拨付日期{day(on)}早于{case.funding_year}年度资金下拨至{case.county}的日期"
            f"{day(case.transferred_on)}；资金下拨后才能拨付"
        )
    if case.carried_on is not None and on < case.carried_on:
        raise DateOutOfOrder(
            f"拨付日期{day(on)}早于{case.county}{case.funding_year}年度资金结转至{case.programme_year}年度的日期"
            f"{day(case.carried_on)}"
        )
    if case.accepted_on is not None and on < case.accepted_on:
        raise DateOutOfOrder(
            f"拨付日期{day(on)}早于理事会批准“{case.institution}”的日期{day(case.accepted_on)}；"
            "理事会批准后才能拨付"
        )


def earlier_subsidies(earlier_paid: dict[int, int]) -> str:
    """ "2021年度2万元、2022年度1万元": the earlier years in which an institution was paid (net)."""
    return "、".join(
        f"{year}年度{format_wan(amount)}" for year, amount in sorted(earlier_paid.items()) if amount > 0
    )


def check_repeat_subsidy(*, institution: str, earlier_paid: dict[int, int], repeat_reason: str) -> None:
    """An institution already paid (net of reversals) in an earlier programme year is paid again only
    with a written exception."""
    earlier = earlier_subsidies(earlier_paid)
    if earlier and not repeat_reason.strip():
        raise RepeatSubsidy(f"“{institution}”已在{earlier}获补助；再次补助须写明以前年度已获补助的例外理由")


def check_payment(case: PaymentCase) -> None:
    if not case.accepted:
        raise NotAccepted(f"“{case.institution}”尚未通过验收，不能拨付补助")
    check_payment_dates(case)
    if case.already_paid > 0 and not case.exception_reason.strip():
        raise DuplicateSubsidy(
            f"“{case.institution}”本年度已获补助{format_wan(case.already_paid)}；再次拨付须写明例外理由"
        )
    check_repeat_subsidy(
        institution=case.institution, earlier_paid=case.earlier_paid, repeat_reason=case.repeat_reason
    )
    if case.amount != case.standard and not case.amount_reason.strip():
        raise NonStandardAmount(
            f"拨付金额{format_wan(case.amount)}不等于补助标准{format_wan(case.standard)}；请写明原因"
        )
    if case.amount > case.county_balance:
        raise BalanceExceeded(
            f"拨付金额{format_wan(case.amount)}超过{case.county}{case.funding_year}年度资金结余"
            f"{format_wan(case.county_balance)}"
        )
    if case.funding_year < case.programme_year and case.amount > case.carried_unused:
        raise NotCarriedOver(
            f"{case.county}{case.funding_year}年度资金结转至{case.programme_year}年度尚可使用"
            f"{format_wan(case.carried_unused)}，不足{format_wan(case.amount)}；请先办理结转"
        )
