"""The one page for a single form: error summary, heading, optional intro, the form, save and cancel."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(
    request: HttpRequest, form, *, title: str, cancel_url: str, intro: str = "", multipart: bool = False
) -> HttpResponse:
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "intro": intro,
            "multipart": multipart,
        },
    )
