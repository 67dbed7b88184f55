"""Response headers Django 5.2 does not set on its own."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control

from .archives import MB

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    """No inline script or style anywhere: the pages work the same with JavaScript off."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        return response


class PrivateNoStoreMiddleware:
    """Nothing served to a signed-in user is kept by a browser or a shared cache: the pages and the
    downloads carry phone and ID numbers, and after signing out on a shared computer the back button
    or a proxy must not show them again. A view that set its own Cache-Control keeps it.

    Listed after WhiteNoise, static files never reach it and stay cacheable."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            patch_cache_control(response, private=True, no_store=True)
        return response


class RequestSizeLimitMiddleware:
    """A request body larger than any upload may be (GUIFAN_MAX_REQUEST_BYTES) is refused before
    anything reads it: Django would otherwise spool the whole of it to disk before a form could say
    it is too large. Each form still checks its own, lower limit and says so in its help text."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.GUIFAN_MAX_REQUEST_BYTES
        if length > limit:
            context = {"size_mb": f"{length / MB:.1f}", "limit_mb": f"{limit / MB:g}"}
            return render(request, "errors/413.html", context, status=413)
        return self.get_response(request)
