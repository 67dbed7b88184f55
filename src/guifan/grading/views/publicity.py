"""Publicity batches, objection handling and council approval (city), and the public pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from guifan.accounts.addresses import request_address
from guifan.accounts.constants import Role
from guifan.core.exceptions import ScopeViolation
from guifan.core.pages import form_page
from guifan.funds.models import Programme

from .. import domain, services
from ..constants import ObjectionStatus, State
from ..forms import BatchForm, CouncilForm, ObjectionHandleForm, ObjectionLookupForm, PublicObjectionForm
from ..models import Application, CouncilDecision, Objection, PublicityBatch


def _city(request: HttpRequest) -> None:
    if request.user.role not in {Role.CITY_ADMIN, Role.AUDITOR}:
        raise ScopeViolation("公示和理事会审批由市级办理")


@require_http_methods(["GET", "POST"])
def batch_new(request: HttpRequest, year: int) -> HttpResponse:
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以发布公示")
    programme = get_object_or_404(Programme, year=year)
    ready = programme_applications(programme).filter(state=State.ACCEPTED)
    if not ready.exists():
        return _nothing_to_publish(request, programme)
    form = BatchForm(
        request.POST or None,
        applications=ready,
        initial={"title": f"{year}年度盲人保健按摩机构规范化建设量化分级评定结果公示"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = services.batch_publish(
                by=request.user,
                programme=programme,
                application_ids=[a.pk for a in data["applications"]],
                starts_on=data["starts_on"],
                working_days=data["working_days"],
                contact=data["contact"],
                title=data["title"],
            )
        except domain.InvalidTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已发布公示，公示期至{batch.ends_on:%Y年%-m月%-d日}。")
            return redirect("grading:batch", pk=batch.pk)
    return form_page(request, form, title=f"{year}年度：发布公示", cancel_url=reverse("grading:list"))


def _nothing_to_publish(request: HttpRequest, programme) -> HttpResponse:
    """No form when no institution can be listed: say why, and where the applications are."""
    counts = (
        Application.objects.filter(programme=programme).order_by().values("state").annotate(n=Count("id"))
    )
    by_state = {row["state"]: row["n"] for row in counts}
    return render(
        request,
        "grading/batch_none.html",
        {
            "programme": programme,
            "where": [(State(s).label, by_state[s]) for s in State.values if by_state.get(s)],
            "eligible": State.ACCEPTED.label,
        },
    )


def programme_applications(programme):
    return Application.objects.filter(programme=programme).select_related("institution", "county")


@require_safe
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _city(request)
    batch = get_object_or_404(PublicityBatch, pk=pk)
    return render(
        request,
        "grading/batch.html",
        {
            "batch": batch,
            "applications": batch.applications.select_related("institution", "county").order_by(
                "county__sort_order", "institution__name"
            ),
            "objections": batch.objections.select_related("application__institution", "handled_by"),
            "ended": timezone.localdate() > batch.ends_on,
            "may_act": request.user.role == Role.CITY_ADMIN,
            "decision": CouncilDecision.objects.filter(applications__batch=batch).order_by("-id").first(),
        },
    )


@require_http_methods(["GET", "POST"])
def objection_handle(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation("异议由市级管理员处理")
    objection = get_object_or_404(
        Objection.objects.select_related("application__institution"), pk=pk, status=ObjectionStatus.OPEN
    )
    form = ObjectionHandleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        services.objection_handle(
            by=request.user,
            objection_id=pk,
            upheld=decision != "dismiss",
            outcome=decision,
            resolution=form.cleaned_data["resolution"],
        )
        messages.success(request, "已记录异议处理结果。")
        return redirect("grading:batch", pk=objection.batch_id)
    return form_page(
        request,
        form,
        title=f"处理异议{objection.reference}：{objection.application.institution.name}",
        intro=f"异议内容：{objection.content}",
        cancel_url=reverse("grading:batch", args=[objection.batch_id]),
    )


@require_http_methods(["GET", "POST"])
def council(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以登记理事会决定")
    batch = get_object_or_404(PublicityBatch, pk=pk)
    form = CouncilForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.council_approve(by=request.user, batch_id=pk, **form.cleaned_data)
        except domain.InvalidTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已登记理事会决定，评定等级正式生效。")
            return redirect("grading:batch", pk=pk)
    return form_page(
        request, form, title=f"登记理事会决定：{batch.title}", cancel_url=reverse("grading:batch", args=[pk])
    )


@login_not_required
@require_safe
def public_list(request: HttpRequest) -> HttpResponse:
    batches = PublicityBatch.objects.order_by("-starts_on")[:50]
    return render(request, "publicity/list.html", {"batches": batches, "today": timezone.localdate()})


@login_not_required
@require_http_methods(["GET", "POST"])
def public_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """The public notice: names, counties and grades only — never personal data — and how to object."""
    batch = get_object_or_404(PublicityBatch, pk=pk)
    listed = batch.applications.select_related("institution", "county").order_by(
        "county__sort_order", "institution__name"
    )
    today = timezone.localdate()
    open_now = batch.starts_on <= today <= batch.ends_on
    form = PublicObjectionForm(request.POST or None, applications=listed) if open_now else None
    if request.method == "POST":
        if form is None:
            messages.error(request, _closed_message(batch, today))
            return redirect("publicity:batch", pk=pk)
        if form.is_valid():
            try:
                objection = services.objection_file(
                    batch_id=pk,
                    application_id=form.cleaned_data["application"].pk,
                    content=form.cleaned_data["content"],
                    name=form.cleaned_data["name"],
                    contact=form.cleaned_data["contact"],
                    ip_address=request_address(request),
                )
            except domain.InvalidTransition as exc:
                form.add_error(None, str(exc))
            else:
                url = reverse("publicity:objection", args=[objection.reference])
                return redirect(f"{url}?new=1")
    return render(
        request,
        "publicity/batch.html",
        {
            "batch": batch,
            "listed": listed,
            "form": form,
            "open_now": open_now,
            "closed_message": "" if open_now else _closed_message(batch, today),
        },
    )


def _closed_message(batch: PublicityBatch, today) -> str:
    """Why the page takes no objection: the period is over, or has not begun (and when it will)."""
    if today > batch.ends_on:
        return f"公示期已于{batch.ends_on:%Y年%-m月%-d日}结束，本页不再受理异议。"
    return f"公示将于{batch.starts_on:%Y年%-m月%-d日}开始，届时可在本页提出异议。"


@login_not_required
@require_safe
def public_objection_lookup(request: HttpRequest) -> HttpResponse:
    """异议查询: type the reference, go to its page."""
    form = ObjectionLookupForm(request.GET or None)
    if form.is_bound and form.is_valid():
        reference = form.cleaned_data["ref"].strip()
        if Objection.objects.filter(reference=reference).exists():
            return redirect("publicity:objection", reference=reference)
        form.add_error("ref", f"没有找到编号为“{reference}”的异议，请核对编号")
    return render(request, "publicity/objection_status.html", {"form": form, "objection": None})


@login_not_required
@require_safe
def public_objection_status(request: HttpRequest, reference: str) -> HttpResponse:
    """Anyone holding a reference reads its status and outcome: never the content, name or contact."""
    objection = get_object_or_404(
        Objection.objects.select_related("batch", "application__institution", "application__county"),
        reference=reference,
    )
    return render(
        request,
        "publicity/objection_status.html",
        {"form": ObjectionLookupForm(), "objection": objection, "just_filed": request.GET.get("new") == "1"},
    )
