"""The public register (no sign-in): grades in force, certificate verification, the notices and
decisions that changed grades. Nothing personal is selected, so nothing personal can show."""

from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from guifan.grading.constants import StandardKind
from guifan.grading.models import Standard

from ..constants import Outcome
from ..forms import RegisterSearchForm, VerifyForm
from ..models import GradeNotice
from ..selectors import certificate, public_decisions, public_notices, register, today

PAGE_SIZE = 50


def _levels() -> list[str]:
    seen: list[str] = []
    for bands in Standard.objects.filter(kind=StandardKind.GRADING).values_list("bands", flat=True):
        for band in sorted(bands, key=lambda b: -float(b["minimum"])):
            if band["grade"] not in seen:
                seen.append(band["grade"])
    return seen


@login_not_required
@require_safe
def register_list(request: HttpRequest) -> HttpResponse:
    form = RegisterSearchForm(request.GET or None, levels=_levels())
    filters = {}
    if form.is_valid():
        county = form.cleaned_data["county"]
        filters = {
            "county_id": county.pk if county else None,
            "name": form.cleaned_data["q"],
            "level": form.cleaned_data["level"],
        }
    grades = register(**filters)
    page = Paginator(grades, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "supervision/register.html",
        {"form": form, "page": page, "total": page.paginator.count, "today": today(), "verify": VerifyForm()},
    )


@login_not_required
@require_safe
def verify(request: HttpRequest) -> HttpResponse:
    """核验证书: any certificate number Guifan issued, and what it is today."""
    form = VerifyForm(request.GET or None)
    grade, status = None, ""
    if form.is_valid():
        grade = certificate(form.cleaned_data["number"])
        if grade is None:
            form.add_error(
                "number", f"没有编号为“{form.cleaned_data['number'].strip()}”的证书，请核对证书上的编号"
            )
        else:
            status = grade.status_on(today())
    return render(
        request,
        "supervision/verify.html",
        {"form": form, "grade": grade, "status": status, "in_force": grade is not None and not status},
    )


@login_not_required
@require_safe
def decisions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "supervision/decisions.html",
        {"notices": public_notices().select_related("decision"), "decisions": public_decisions()},
    )


@login_not_required
@require_safe
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(GradeNotice.objects.select_related("decision"), pk=pk)
    reviews = notice.reviews.select_related("grade__institution", "county").order_by(
        "county__sort_order", "grade__institution__name"
    )
    return render(
        request,
        "supervision/notice.html",
        {"notice": notice, "reviews": reviews, "DOWNGRADE": Outcome.DOWNGRADE, "today": today()},
    )
