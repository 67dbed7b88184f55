from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from guifan.accounts.constants import Role

from . import selectors

HOMES = {
    Role.OPERATOR: ("home/operator.html", selectors.operator_home),
    Role.COUNTY_OFFICER: ("home/county.html", selectors.county_home),
    Role.INSPECTOR: ("home/inspector.html", selectors.inspector_home),
    Role.CITY_ADMIN: ("home/city.html", selectors.city_home),
    Role.AUDITOR: ("home/city.html", selectors.auditor_home),
}


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """What the signed-in user should do now, each item a link to the page where it is done."""
    template, build = HOMES[request.user.role]
    return render(request, template, {"home": build(request.user)})
