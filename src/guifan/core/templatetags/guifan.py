from django import template
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe

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


def _attrs(attrs: dict) -> str:
    """The widget's attributes as Django's attrs.html writes them: False left out, True bare."""
    return "".join(
        "" if value is False else f" {name}" if value is True else f' {name}="{escape(str(value))}"'
        for name, value in attrs.items()
    )


@register.simple_tag
def select_options(widget: dict) -> str:
    """A <select>'s options and groups, written as Django's select_option.html would write them.

    Django includes a template for every option, which made a select of a hundred users or regions
    cost more than the rest of its page; the markup is the same, written in one pass.
    """
    parts: list[str] = []
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{escape(str(group_name))}">')
        for option in options:
            parts.append(
                f'\n  <option value="{escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{escape(str(option['label']))}</option>"
            )
        if group_name:
            parts.append("\n  </optgroup>")
    return mark_safe("".join(parts) + "\n")  # every value above is escaped
