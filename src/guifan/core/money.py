"""Money is integer fen (分) everywhere; yuan appear only at the edges, as Decimal. Pure Python."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

FEN_PER_YUAN = 100
FEN_PER_WAN = 1_000_000


class AmountError(ValueError):
    """The text is not a positive amount of yuan with at most two decimals; the message says why."""


def yuan_to_fen(value: str | Decimal | int, *, allow_zero: bool = False) -> int:
    """ "20000" or "20000.50" yuan → fen. Refuses negatives, zero, fractions of a fen and junk."""
    text = str(value).strip().replace(",", "").replace("，", "")
    try:
        amount = Decimal(text)
    except InvalidOperation as exc:
        raise AmountError(f"金额“{value}”不是数字") from exc
    if not amount.is_finite():
        raise AmountError(f"金额“{value}”不是数字")
    if amount < 0:
        raise AmountError("金额不能为负数")
    if amount == 0 and not allow_zero:
        raise AmountError("金额必须大于0")
    if amount != amount.quantize(Decimal("0.01")):
        raise AmountError(f"金额“{value}”超过两位小数（最小单位为分）")
    return int(amount * FEN_PER_YUAN)


def fen_to_yuan(fen: int) -> Decimal:
    return (Decimal(fen) / FEN_PER_YUAN).quantize(Decimal("0.01"))


def fen_to_wan(fen: int) -> Decimal:
    """万元, as the reports print them: 160000000 fen → Decimal("16"), 2500000 → Decimal("2.5")."""
    wan = Decimal(fen) / FEN_PER_WAN
    return wan.quantize(Decimal(1)) if wan == wan.to_integral_value() else wan.normalize()


def format_yuan(fen: int) -> str:
    """¥ with thousands separators and two decimals: 160000.00 → "160,000.00"."""
    return f"{fen_to_yuan(fen):,.2f}"


def format_wan(fen: int) -> str:
    return f"{fen_to_wan(fen)}万元"


def percent(numerator: int, denominator: int, places: int = 1) -> Decimal | None:
    """numerator ÷ denominator as a percentage rounded half-up; None when the denominator is 0."""
    if not denominator:
        return None
    quantum = Decimal(1).scaleb(-places)
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(quantum, rounding=ROUND_HALF_UP)
