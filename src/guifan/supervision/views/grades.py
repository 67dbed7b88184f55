"""Grades: the scoped list with what is expiring, a grade's page, its certificate, closure."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guifan.accounts.constants import Role
from guifan.core.exceptions import ScopeViolation
from guifan.funds.models import Programme
from guifan.grading import certificate

from .. import domain, services
from ..constants import GradeState
from ..forms import CancelForm, GradeFilterForm
from ..selectors import expiring, grades_visible_to, today

PAGE_SIZE = 50
CANCELLERS = {Role.CITY_ADMIN, Role.COUNTY_OFFICER}
REVIEWERS = {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.INSPECTOR}


@require_safe
def grade_list(request: HttpRequest) -> HttpResponse:
    form = GradeFilterForm(request.GET or None)
    grades = grades_visible_to(request.user)
    if form.is_valid():
        if county := form.cleaned_data["county"]:
            grades = grades.filter(Q(county=county) | Q(county__parent=county))
        if state := form.cleaned_data["state"]:
            now = today()
            if state == GradeState.EXPIRED:
                grades = grades.filter(Q(state=state) | Q(state__in=domain.LIVE, valid_to__lt=now))
            elif state in domain.LIVE:
                grades = grades.filter(state=state, valid_to__gte=now)
            else:
                grades = grades.filter(state=state)
        if q := form.cleaned_data["q"].strip():
            grades = grades.filter(Q(institution__name__icontains=q) | Q(certificate_number__icontains=q))
    page = Paginator(
        grades.order_by("county__sort_order", "institution__name", "-decided_on"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    now = today()
    return render(
        request,
        "supervision/grade_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(g, GradeState(g.shown_state(now)).label) for g in page],
            "expiring": [(g, (g.valid_to - now).days) for g in expiring(request.user, now)[:20]],
            "states": GradeState,
        },
    )


def _grade(request: HttpRequest, pk: int):
    return get_object_or_404(grades_visible_to(request.user).select_related("standard", "replaces"), pk=pk)


@require_safe
def grade_detail(request: HttpRequest, pk: int) -> HttpResponse:
    grade = _grade(request, pk)
    now = today()
    shown = grade.shown_state(now)
    return render(
        request,
        "supervision/grade_detail.html",
        {
            "grade": grade,
            "shown": GradeState(shown),
            "in_force": shown in domain.LIVE,
            "transitions": grade.transitions.select_related("by"),
            "reviews": grade.reviews.select_related("round", "reviewer").order_by("-created_at"),
            "successor": grades_visible_to(request.user).filter(replaces=grade).first(),
            "may_cancel": request.user.role in CANCELLERS and shown in domain.LIVE,
            "may_spot_check": request.user.role in REVIEWERS and shown in domain.LIVE,
        },
    )


def _issuer() -> str:
    programme = Programme.objects.order_by("-year").first()
    return programme.implementing_unit if programme else ""


@require_safe
def certificate_page(request: HttpRequest, pk: int) -> HttpResponse:
    grade = _grade(request, pk)
    return render(
        request,
        "supervision/certificate.html",
        {"grade": grade, "c": certificate.of_grade(grade, _issuer(), today())},
    )


@require_safe
def certificate_docx(request: HttpRequest, pk: int) -> HttpResponse:
    grade = _grade(request, pk)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="certificate-{grade.certificate_number}.docx"'
    certificate.write_docx(certificate.of_grade(grade, _issuer(), today()), response)
    return response


@require_http_methods(["GET", "POST"])
def grade_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """注销: the institution closed or left; the county or the city records it with a reason."""
    grade = _grade(request, pk)
    if request.user.role not in CANCELLERS:
        raise ScopeViolation("只有县区经办或市级管理员可以注销等级")
    form = CancelForm(request.POST or None, initial={"on": today()})
    if request.method == "POST" and form.is_valid():
        try:
            services.grade_cancel(
                by=request.user,
                grade_id=grade.pk,
                reason=form.cleaned_data["reason"],
                on=form.cleaned_data["on"],
            )
        except domain.InvalidGradeChange as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"已注销{grade.institution.name}的{grade.level}（证书{grade.certificate_number}）。"
            )
            return redirect("supervision:detail", pk=grade.pk)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": f"注销等级：{grade.institution.name}",
            "intro": f"证书{grade.certificate_number}（{grade.level}）将注销，公开名录不再列出。"
            "用于机构停业、注销或迁出本市；"
            "机构地址在本市内变更的，请修改机构信息并安排一次暗访核实。",
            "cancel_url": grade.get_absolute_url(),
        },
    )


@require_POST
def spot_check(request: HttpRequest, pk: int) -> HttpResponse:
    grade = _grade(request, pk)
    try:
        review = services.spot_check_create(by=request.user, grade_id=grade.pk)
    except domain.InvalidGradeChange as exc:
        messages.error(request, str(exc))
        return redirect("supervision:detail", pk=grade.pk)
    return redirect("supervision:review", pk=review.pk)
