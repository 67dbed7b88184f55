"""Guifan's URLs plus /bench/hello/: a view that reads the signed-in user and answers a few bytes, so
that it costs what Django's middleware, the session and the user lookup cost and nothing more."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from guifan import urls


@login_not_required
def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"hello {request.user.get_username() or 'world'}", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), *urls.urlpatterns]
handler403 = urls.handler403
handler404 = urls.handler404
