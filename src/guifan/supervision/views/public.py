"""The public register (no sign-in): grades in force, certificate verification, the notices and
decisions that changed grades. Nothing personal is selected, so nothing personal can show."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from guifan.accounts.addresses import request_address
from guifan.grading.constants import StandardKind
from guifan.grading.models import Standard

from .. import services
from ..constants import Outcome, ReviewStatus
from ..forms import ObjectionLookupForm, PublicObjectionForm, RegisterSearchForm, VerifyForm
from ..models import GradeNotice, GradeObjection
from ..selectors import certificate, public_decisions, public_notices, register, today
from .reviews import _apply

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
@require_http_methods(["GET", "POST"])
def notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The public notice: names, counties and the proposed change only, and how to object."""
    notice = get_object_or_404(GradeNotice.objects.select_related("decision"), pk=pk)
    reviews = notice.reviews.select_related("grade__institution", "county").order_by(
        "county__sort_order", "grade__institution__name"
    )
    now = today()
    open_now = notice.starts_on <= now <= notice.ends_on
    form = None
    if open_now:
        form = PublicObjectionForm(
            request.POST or None, reviews=reviews.filter(status=ReviewStatus.PUBLICITY)
        )
    if request.method == "POST":
        if form is None:
            messages.error(request, "公示期外不受理异议。")
            return redirect("register:notice", pk=pk)
        if form.is_valid():
            try:
                objection = services.grade_objection_file(
                    notice_id=pk,
                    review_id=form.cleaned_data["review"].pk,
                    content=form.cleaned_data["content"],
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    ip_address=request_address(request),
                )
            except services.ReviewRejected as exc:
                _apply(form, exc)
            else:
                return redirect(f"{reverse('register:objection', args=[objection.reference])}?new=1")
    return render(
        request,
        "supervision/notice.html",
        {"notice": notice, "reviews": reviews, "DOWNGRADE": Outcome.DOWNGRADE, "today": now, "form": form},
    )


@login_not_required
@require_safe
def objection_lookup(request: HttpRequest) -> HttpResponse:
    form = ObjectionLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        reference = form.cleaned_data["ref"].strip().upper()
        if GradeObjection.objects.filter(reference=reference).exists():
            return redirect("register:objection", reference=reference)
        form.add_error("ref", f"没有找到编号为“{reference}”的异议，请核对编号")
    return render(request, "supervision/objection_status.html", {"form": form, "objection": None})


@login_not_required
@require_safe
def objection_status(request: HttpRequest, reference: str) -> HttpResponse:
    """Anyone holding a reference reads its status and outcome: never the content, name or contact."""
    objection = get_object_or_404(
        GradeObjection.objects.select_related("notice", "review__grade__institution", "review__county"),
        reference=reference,
    )
    return render(
        request,
        "supervision/objection_status.html",
        {"form": ObjectionLookupForm(), "objection": objection, "just_filed": request.GET.get("new") == "1"},
    )
