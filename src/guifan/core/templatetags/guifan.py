from django import template

from guifan.core.money import format_wan, format_yuan
from guifan.core.phones import group_phone, mask_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def show_phone(context, phone: str) -> str:
    """Grouped digits for those with the personal-data right; masked for everyone else."""
    user = context.get("user")
    if getattr(user, "sees_personal_data", False):
        return group_phone(phone)
    return mask_phone(phone)


@register.filter
def yuan(fen: int | None) -> str:
    """160000000 → "160,000.00元"."""
    return "—" if fen is None else f"{format_yuan(fen)}元"


@register.filter
def wan(fen: int | None) -> str:
    """16000000 → "16万元", as the reports write it."""
    return "—" if fen is None else format_wan(fen)


@register.filter
def rate(value) -> str:
    return "—" if value is None else f"{value}%"


@register.filter
def get_item(mapping: dict, key):
    """{{ counts|get_item:state }}: a dictionary value by a variable key."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def fraction2(value) -> str:
    """An exact value (Fraction, Decimal, int) shown with two decimals, half up."""
    from fractions import Fraction

    from guifan.surveys.domain import to_decimal

    return (
        "—"
        if value is None
        else str(to_decimal(Fraction(str(value)) if not isinstance(value, Fraction) else value))
    )


@register.filter
def index(sequence, position: int):
    return sequence[position]


@register.filter
def points(value, places=2) -> str:
    """A score rounded for display (half up) to the evaluation's places; the stored value is exact."""
    from decimal import Decimal

    from guifan.evaluation.domain import display

    return "—" if value is None else str(display(Decimal(value), int(places)))


@register.filter
def error_count(form) -> int:
    """How many messages the error summary lists (a field may have several), not how many fields."""
    return sum(len(errors) for errors in form.errors.values())
