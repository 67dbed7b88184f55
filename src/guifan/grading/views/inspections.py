"""Scoring an inspection, comparing county and city scores, rectification requests and responses."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guifan.accounts.constants import Role
from guifan.core.exceptions import ScopeViolation
from guifan.core.pages import form_page

from .. import domain, services
from ..constants import InspectionKind
from ..forms import RectificationRequestForm, RectificationResponseForm, ScoreForm
from ..models import StandardItem
from ..selectors import applications_visible_to, inspections_visible_to, rectifications_visible_to
from ..services.inspections import editable_items, inspection_result, scored_items
from ..services.workflow import UploadRejected


@require_POST
def inspection_start(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    if kind not in InspectionKind.values:
        return redirect("grading:detail", pk=pk)
    try:
        inspection = services.inspection_start(
            by=request.user, application_id=application.pk, kind=kind, on=timezone.localdate()
        )
    except domain.InvalidTransition as exc:
        messages.error(request, str(exc))
        return redirect("grading:detail", pk=pk)
    return redirect("grading:inspection", pk=inspection.pk)


@require_http_methods(["GET", "POST"])
def inspection_score(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(inspections_visible_to(request.user), pk=pk)
    application = inspection.application
    items = editable_items(inspection) if not inspection.completed else []
    existing = {s.item_id: s for s in inspection.scores.all()}
    may_score = not inspection.completed and inspection.inspector_id == request.user.pk
    on_record: dict[int, list[str]] = {}
    for item_id, name in application.attachments.filter(purpose=f"inspection-{inspection.pk}").values_list(
        "item_id", "original_name"
    ):
        on_record.setdefault(item_id, []).append(name)
    form = ScoreForm(
        request.POST or None,
        request.FILES or None,
        items=items if may_score else [],
        existing=existing,
        files_on_record=on_record,
    )
    if request.method == "POST" and may_score and form.is_valid():
        try:
            result = services.inspection_save(
                by=request.user,
                inspection_id=pk,
                scores=form.scores(),
                files=form.files_by_item(),
                complete=form.cleaned_data["complete"],
            )
        except services.ScoreErrors as exc:
            titles = {i.id: f"{i.code} {i.title}" for i in items}
            for item_id, message in exc.errors.items():
                field = "file" if item_id in exc.evidence else "points"
                form.add_error(f"{field}_{item_id}", f"{message}（{titles.get(item_id, '')}）")
        except domain.InvalidTransition as exc:
            form.add_error(None, str(exc))
        else:
            done = form.cleaned_data["complete"]
            messages.success(request, f"评分已{'完成' if done else '暂存'}：当前合计 {result.total} 分。")
            return redirect(
                "grading:detail" if done else "grading:inspection", pk=application.pk if done else pk
            )
    result = inspection_result(inspection)
    all_items = scored_items(application.standard)
    return render(
        request,
        "grading/inspection.html",
        {
            "inspection": inspection,
            "a": application,
            "form": form,
            "may_score": may_score,
            "result": result,
            "scores": [
                (i, s, (i.max_points - s.points) if s else None)
                for i in all_items
                for s in [existing.get(i.id)]
            ],
            "sections": {
                i.id: i
                for i in StandardItem.objects.filter(standard=application.standard, max_points__isnull=True)
            },
        },
    )


@require_safe
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    """County self-inspection and city inspection side by side, differences marked in words too."""
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    inspections = application.inspections.filter(completed=True).order_by("created_at")
    county = inspections.filter(kind=InspectionKind.COUNTY).last()
    city = inspections.exclude(kind=InspectionKind.COUNTY).last()
    county_scores = dict(county.scores.values_list("item_id", "points")) if county else {}
    city_scores = dict(city.scores.values_list("item_id", "points")) if city else {}
    rows = []
    for item in scored_items(application.standard):
        a, b = county_scores.get(item.id), city_scores.get(item.id)
        rows.append((item, a, b, (b - a) if a is not None and b is not None else None))
    return render(
        request,
        "grading/compare.html",
        {
            "a": application,
            "county": county,
            "city": city,
            "rows": rows,
            "differences": sum(1 for *_, d in rows if d),
        },
    )


@require_http_methods(["GET", "POST"])
def rectification_new(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.role not in {Role.CITY_ADMIN, Role.INSPECTOR}:
        raise ScopeViolation("只有市级检查人员可以提出整改意见")
    inspection = get_object_or_404(inspections_visible_to(request.user), pk=pk, completed=True)
    below = [s.item_id for s in inspection.scores.select_related("item") if s.points < s.item.max_points]
    form = RectificationRequestForm(
        request.POST or None, items=StandardItem.objects.filter(pk__in=below).order_by("order")
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rectification_request(
                by=request.user,
                inspection_id=pk,
                item_id=form.cleaned_data["item"].pk,
                request=form.cleaned_data["request"],
                due=form.cleaned_data["due"],
            )
        except domain.InvalidTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "已记录整改要求。全部整改要求记录后，请在申请页按“提出整改意见”通知机构整改。"
            )
            return redirect("grading:detail", pk=inspection.application_id)
    return form_page(
        request,
        form,
        title=f"提出整改要求：{inspection.application.institution.name}",
        cancel_url=reverse("grading:detail", args=[inspection.application_id]),
    )


@require_http_methods(["GET", "POST"])
def rectification_respond(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.role not in {Role.OPERATOR, Role.COUNTY_OFFICER}:
        raise ScopeViolation("整改材料由机构或县区提交")
    rectification = get_object_or_404(rectifications_visible_to(request.user), pk=pk)
    form = RectificationResponseForm(
        request.POST or None, request.FILES or None, initial={"response": rectification.response}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rectification_respond(
                by=request.user,
                rectification_id=pk,
                response=form.cleaned_data["response"],
                upload=form.cleaned_data["file"],
            )
        except domain.InvalidTransition as exc:
            form.add_error("file" if isinstance(exc, UploadRejected) else None, str(exc))
        else:
            messages.success(request, "已保存整改情况。全部整改填好后，请在申请页选择“提交整改材料”。")
            return redirect("grading:detail", pk=rectification.application_id)
    return form_page(
        request,
        form,
        title=f"整改：{rectification.item.code} {rectification.item.title}",
        intro=f"整改要求：{rectification.request}（期限 {rectification.due:%Y年%-m月%-d日}）",
        cancel_url=reverse("grading:detail", args=[rectification.application_id]),
        multipart=True,
    )
