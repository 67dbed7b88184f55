"""Error pages in the site's layout, so a screen-reader user hears where they are and what to do."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else "您没有权限访问此页面。"
    return render(request, "errors/403.html", {"message": message}, status=403)


def not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)
