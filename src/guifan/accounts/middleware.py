"""Until a person replaces a password someone else chose, every page leads to the change page."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

# Pages reachable before the password is changed: the change page itself, signing out, and
# extending the session (the time-limit dialog works on the change page too).
_ALLOWED = ("accounts:password_change", "accounts:logout", "accounts:keepalive")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse(name) for name in _ALLOWED}
            static = "/" + settings.STATIC_URL.lstrip("/")
            if request.path not in allowed and not request.path.startswith(static):
                return redirect("accounts:password_change")
        return self.get_response(request)
