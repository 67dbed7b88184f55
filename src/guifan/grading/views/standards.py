"""The grading standard's versions as pages: read by every signed-in role, changed by the city.

Everyone who works to the standard reads it (the county self-inspects against it, inspectors score
with it, operators build to it, auditors read everything); only the city administrator makes a new
version or edits one that no inspection has used yet.
"""

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from guifan.accounts.constants import Role
from guifan.core.exceptions import ScopeViolation

from .. import domain, services
from ..constants import StandardKind
from ..models import Application, Standard
from ..selectors import programme_open_for_applications
from ..services.inspections import bands_of
from ..services.standards import StandardRejected, item_rows
from ..standard_forms import NewVersionForm, StandardForm, StandardItemsForm, summary


def _require_city(request: HttpRequest) -> None:
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以修订评定标准")


def _versions():
    return Standard.objects.annotate(
        n_items=Count("items", filter=Q(items__max_points__isnull=False)),
        points=Sum("items__max_points"),
    ).order_by("-effective_year", "-created_at", "-id")


@require_safe
def standard_list(request: HttpRequest) -> HttpResponse:
    versions = list(_versions())
    return render(
        request,
        "grading/standard_list.html",
        {
            "versions": versions,
            "latest": next((v for v in versions if v.kind == StandardKind.GRADING), None),
            "latest_review": next((v for v in versions if v.kind == StandardKind.REVIEW), None),
            "may_edit": request.user.role == Role.CITY_ADMIN,
        },
    )


@require_safe
def standard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    standard = get_object_or_404(Standard, pk=pk)
    items = list(standard.items.order_by("order", "id"))
    sections, loose = [], []
    for item in items:
        if item.is_section:
            sections.append((item, []))
        elif item.section_id and sections and any(s.pk == item.section_id for s, _ in sections):
            next(rows for s, rows in sections if s.pk == item.section_id).append(item)
        else:
            loose.append(item)
    if loose:
        sections.insert(0, (None, loose))
    return render(
        request,
        "grading/standard_detail.html",
        {
            "standard": standard,
            "sections": [(s, rows, sum(i.max_points for i in rows)) for s, rows in sections],
            "total": sum(i.max_points for i in items if not i.is_section),
            "ranges": domain.band_ranges(bands_of(standard)),
            "may_edit": request.user.role == Role.CITY_ADMIN and not standard.frozen,
            "may_copy": request.user.role == Role.CITY_ADMIN,
            "used_by": Application.objects.filter(standard=standard).count(),
        },
    )


@require_http_methods(["GET", "POST"])
def standard_new(request: HttpRequest) -> HttpResponse:
    """新建版本: copy the latest version (of the standard, or with ?kind=review of the review
    checklist), then edit the copy."""
    _require_city(request)
    if request.GET.get("kind") == StandardKind.REVIEW:
        latest = _versions().filter(kind=StandardKind.REVIEW).first() or services.review_template_for(0)
    else:
        latest = _versions().filter(kind=StandardKind.GRADING).first() or services.standard_for_year(0)
    programme = programme_open_for_applications()
    year = max(latest.effective_year + 1, programme.year if programme else 0)
    form = NewVersionForm(request.POST or None, initial={"name": latest.name, "effective_year": year})
    if request.method == "POST" and form.is_valid():
        new = services.standard_new_version(
            by=request.user,
            standard=latest,
            name=form.cleaned_data["name"],
            effective_year=form.cleaned_data["effective_year"],
        )
        messages.success(request, f"已建立{new}，复制自{latest}。请修改条目和等级。")
        return redirect("grading:standard", pk=new.pk)
    return render(request, "grading/standard_new.html", {"form": form, "latest": latest})


def _apply(form, errors: list[domain.RowError]) -> None:
    for e in errors:
        name = f"{e.field}_{e.row}" if e.row else e.field
        form.add_error(name if name in form.fields else None, e.message if name in form.fields else str(e))


@require_http_methods(["GET", "POST"])
def standard_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Name, effective year and grade bands of a version not yet used by an inspection."""
    _require_city(request)
    standard = get_object_or_404(Standard, pk=pk)
    if standard.frozen:
        return _frozen(request, standard)
    form = StandardForm(request.POST or None, initial=StandardForm.initial_for(standard))
    if request.method == "POST" and form.is_valid():
        bands = form.bands()
        if not form.errors:
            try:
                services.standard_update(
                    by=request.user,
                    standard_id=pk,
                    name=form.cleaned_data["name"],
                    effective_year=form.cleaned_data["effective_year"],
                    bands=bands,
                )
            except StandardRejected as exc:
                _apply(form, exc.errors)
            except domain.InvalidTransition as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已保存名称、施行年度和等级划分。")
                return redirect("grading:standard", pk=pk)
    return render(
        request, "grading/standard_edit.html", {"form": form, "standard": standard, "summary": summary(form)}
    )


@require_http_methods(["GET", "POST"])
def standard_items(request: HttpRequest, pk: int) -> HttpResponse:
    """Every item of a version in one form: change, add (empty rows at the end) or delete rows."""
    _require_city(request)
    standard = get_object_or_404(Standard, pk=pk)
    if standard.frozen:
        return _frozen(request, standard)
    form = StandardItemsForm(request.POST or None, rows=item_rows(standard))
    if request.method == "POST" and form.is_valid():
        items = form.items()
        if not form.errors:
            try:
                services.standard_update(by=request.user, standard_id=pk, items=items)
            except StandardRejected as exc:
                _apply(form, exc.errors)
            except domain.InvalidTransition as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已保存条目。")
                return redirect("grading:standard", pk=pk)
    return render(
        request, "grading/standard_items.html", {"form": form, "standard": standard, "summary": summary(form)}
    )


def _frozen(request: HttpRequest, standard: Standard) -> HttpResponse:
    messages.error(request, f"{standard}已用于评分，已冻结，不能修改。如需修改，请新建版本。")
    return redirect("grading:standard", pk=standard.pk)
