from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from guifan.registry.selectors import institutions_visible_to


def home(request: HttpRequest) -> HttpResponse:
    """What the signed-in user works on: their institution, or the registry they can reach."""
    institutions = institutions_visible_to(request.user)
    return render(
        request,
        "home.html",
        {
            "institution_count": institutions.count(),
            "own_institution": institutions.first() if request.user.institution_id else None,
        },
    )
