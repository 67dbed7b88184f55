from .selectors import unread_count


def unread(request) -> dict:
    """The unread count in the header: one COUNT query per signed-in page."""
    user = getattr(request, "user", None)
    if not user or not user.is_authenticated:
        return {}
    return {"unread_count": unread_count(user)}
