from django import template

from guifan.core.phones import group_phone, mask_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def show_phone(context, phone: str) -> str:
    """Grouped digits for those with the personal-data right; masked for everyone else."""
    user = context.get("user")
    if getattr(user, "sees_personal_data", False):
        return group_phone(phone)
    return mask_phone(phone)
