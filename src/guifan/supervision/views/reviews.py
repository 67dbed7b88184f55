"""Annual review rounds, each review (record, rectification, re-check), and the publicity and
council decision for lowering or revoking grades."""

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from guifan.accounts.constants import Role
from guifan.core.exceptions import ScopeViolation
from guifan.grading.constants import ObjectionStatus
from guifan.grading.services.inspections import scored_items

from .. import domain, services
from ..constants import Outcome, ReviewStatus
from ..forms import (
    DecisionForm,
    NoticeForm,
    ObjectionHandleForm,
    OutcomeFields,
    ResponseForm,
    ReviewForm,
    RoundForm,
)
from ..models import GradeNotice, GradeObjection, ReviewEvidence
from ..selectors import proposals, review_counts, reviews_visible_to, rounds, today

REVIEWERS = {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.INSPECTOR}
RESPONDERS = {Role.OPERATOR, Role.COUNTY_OFFICER, Role.CITY_ADMIN}


def _require_city(request: HttpRequest) -> None:
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以办理")


def _apply(form, exc: services.ReviewRejected) -> None:
    for key, message in exc.errors.items():
        name = f"points_{key}" if isinstance(key, int) else key
        form.add_error(name if name in form.fields else None, message)


@require_safe
def round_list(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.OPERATOR:
        raise ScopeViolation("机构用户请在“我的等级”查看本机构的年审")
    return render(
        request,
        "supervision/round_list.html",
        {
            "rounds": [(r, review_counts(r, request.user)) for r in rounds()],
            "statuses": ReviewStatus,
            "may_open": request.user.role == Role.CITY_ADMIN,
            "proposals": proposals().count() if request.user.role == Role.CITY_ADMIN else 0,
            "notices": GradeNotice.objects.select_related("decision").order_by("-starts_on")[:20],
            "open_objections": GradeObjection.objects.filter(status=ObjectionStatus.OPEN)
            .select_related("review__grade__institution")
            .order_by("filed_at")
            if request.user.role == Role.CITY_ADMIN
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
def round_new(request: HttpRequest) -> HttpResponse:
    _require_city(request)
    year = today().year
    form = RoundForm(
        request.POST or None,
        initial={"year": year, "title": f"{year}年度盲人保健按摩机构等级年审", "opened_on": today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_open(by=request.user, **form.cleaned_data)
        except services.ReviewRejected as exc:
            _apply(form, exc)
        except domain.InvalidGradeChange as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已开始{round_.title}，共{round_.reviews.count()}家等级机构待年审。")
            return redirect("supervision:round", pk=round_.pk)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": "开始年度年审",
            "intro": "开始后，年审年度之前评定、开始日期仍在有效期内的每个等级各生成一项年审，"
            "由所在县区检查并记录结论；"
            "检查表使用施行年度不晚于年审年度的最新年审检查表。",
            "cancel_url": "/grades/rounds/",
        },
    )


@require_safe
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.role == Role.OPERATOR:
        raise ScopeViolation("机构用户请在“我的等级”查看本机构的年审")
    round_ = get_object_or_404(rounds(), pk=pk)
    reviews = (
        reviews_visible_to(request.user)
        .filter(round=round_)
        .order_by("county__sort_order", "grade__institution__name")
    )
    return render(
        request,
        "supervision/round_detail.html",
        {
            "round": round_,
            "reviews": reviews,
            "counts": review_counts(round_, request.user),
            "statuses": ReviewStatus,
        },
    )


def _review(request: HttpRequest, pk: int):
    return get_object_or_404(
        reviews_visible_to(request.user).select_related("grade__standard", "notice"), pk=pk
    )


@require_http_methods(["GET", "POST"])
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The review's page: its record, and the one form its status and the user's role call for."""
    review = _review(request, pk)
    role = request.user.role
    lower = domain.lower_levels(review.grade.standard.bands, review.grade.level)
    items = scored_items(review.template)
    form = response_form = recheck_form = None
    if review.status == ReviewStatus.PENDING and role in REVIEWERS:
        form = ReviewForm(
            request.POST or None,
            request.FILES or None,
            items=items,
            existing={},
            lower=lower,
            initial={"on": today()},
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.review_record(
                    by=request.user,
                    review_id=review.pk,
                    on=form.cleaned_data["on"],
                    scores=form.scores(),
                    files=form.files_by_item(),
                    outcome=form.cleaned_data["outcome"],
                    reason=form.cleaned_data["reason"],
                    new_level=form.cleaned_data["new_level"],
                    due=form.cleaned_data["due"],
                )
            except services.ReviewRejected as exc:
                _apply(form, exc)
            except domain.InvalidGradeChange as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已记录检查结论。")
                return redirect("supervision:review", pk=review.pk)
    elif review.status == ReviewStatus.RECTIFYING:
        if role in RESPONDERS:
            response_form = ResponseForm(
                request.POST if request.POST.get("step") == "response" else None,
                initial={"response": review.rectification_response},
                prefix="response",
            )
        if role in REVIEWERS and review.rectification_response:
            recheck_form = OutcomeFields(
                request.POST if request.POST.get("step") == "recheck" else None,
                lower=lower,
                outcomes={Outcome.KEEP, Outcome.DOWNGRADE, Outcome.REVOKE},
                prefix="recheck",
            )
        form = response_form if request.POST.get("step") == "response" else recheck_form
        if request.method == "POST" and form is not None and form.is_valid():
            try:
                if form is response_form:
                    services.review_rectification_answer(
                        by=request.user, review_id=review.pk, response=form.cleaned_data["response"]
                    )
                else:
                    services.review_recheck(by=request.user, review_id=review.pk, **form.cleaned_data)
            except services.ReviewRejected as exc:
                _apply(form, exc)
            except domain.InvalidGradeChange as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, "已保存。")
                return redirect("supervision:review", pk=review.pk)
    if request.method == "POST" and form is None:
        raise ScopeViolation("该次检查现在没有您可提交的内容")
    scores = {s.item_id: s for s in review.scores.all()}
    rows = [(i, scores.get(i.id)) for i in items]
    return render(
        request,
        "supervision/review.html",
        {
            "review": review,
            "form": form,
            "review_form": form if isinstance(form, ReviewForm) else None,
            "response_form": response_form,
            "recheck_form": recheck_form,
            "rows": rows,
            # The items that lost points: what a rectification must fix, what a downgrade rests on.
            "deducted": [(i, s, i.max_points - s.points) for i, s in rows if s and s.points < i.max_points],
            "evidence": review.evidence.select_related("item").order_by("item__order", "id"),
        },
    )


@require_safe
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(
        ReviewEvidence.objects.filter(review__in=reviews_visible_to(request.user)), pk=pk
    )
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@require_http_methods(["GET", "POST"])
def notice_new(request: HttpRequest) -> HttpResponse:
    """Publish proposed downgrades and revocations (公示) before the council decides."""
    _require_city(request)
    pending = proposals().order_by("county__sort_order", "grade__institution__name")
    form = NoticeForm(
        request.POST or None,
        reviews=pending,
        initial={
            "title": f"{today().year}年盲人保健按摩机构等级变更公示",
            "starts_on": today(),
            "working_days": 5,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = services.notice_publish(
                by=request.user,
                review_ids=[r.pk for r in data["reviews"]],
                starts_on=data["starts_on"],
                working_days=data["working_days"],
                contact=data["contact"],
                title=data["title"],
            )
        except services.ReviewRejected as exc:
            _apply(form, exc)
        else:
            messages.success(request, f"已发布公示，公示期至{notice.ends_on:%Y年%-m月%-d日}。")
            return redirect("register:notice", pk=notice.pk)
    return render(request, "supervision/notice_new.html", {"form": form, "has_pending": pending.exists()})


@require_http_methods(["GET", "POST"])
def decision_new(request: HttpRequest, pk: int) -> HttpResponse:
    _require_city(request)
    notice = get_object_or_404(GradeNotice.objects.select_related("decision"), pk=pk)
    if hasattr(notice, "decision"):
        messages.info(request, f"该公示已登记理事会决定{notice.decision.number}。")
        return redirect("register:notice", pk=notice.pk)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record(by=request.user, notice_id=notice.pk, **form.cleaned_data)
        except services.ReviewRejected as exc:
            _apply(form, exc)
        except domain.InvalidGradeChange as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已登记理事会决定{decision.number}，等级已按决定变更。")
            return redirect("supervision:rounds")
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": f"登记理事会决定：{notice.title}",
            "intro": f"公示期{notice.starts_on:%Y年%-m月%-d日}至{notice.ends_on:%Y年%-m月%-d日}。"
            "登记后，降级的机构换发较低等级的新证书（有效期不变），撤销的等级即时失效。",
            "cancel_url": "/grades/rounds/",
        },
    )


@require_http_methods(["GET", "POST"])
def objection_handle(request: HttpRequest, pk: int) -> HttpResponse:
    """The city reads an objection (content and contact included) and decides it."""
    _require_city(request)
    objection = get_object_or_404(
        GradeObjection.objects.select_related("notice", "review__grade__institution", "review__county"), pk=pk
    )
    form = ObjectionHandleForm(request.POST or None) if objection.status == ObjectionStatus.OPEN else None
    if request.method == "POST":
        if form is None:
            raise ScopeViolation("该异议已处理")
        if form.is_valid():
            try:
                services.grade_objection_handle(
                    by=request.user,
                    objection_id=objection.pk,
                    upheld=form.cleaned_data["decision"] == "uphold",
                    resolution=form.cleaned_data["resolution"],
                )
            except services.ReviewRejected as exc:
                _apply(form, exc)
            except domain.InvalidGradeChange as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, f"已处理异议{objection.reference}。")
                return redirect("supervision:rounds")
    return render(request, "supervision/objection.html", {"objection": objection, "form": form})
