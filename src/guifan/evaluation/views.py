from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guifan.accounts.constants import Role
from guifan.core.exceptions import ScopeViolation
from guifan.core.pages import form_page
from guifan.funds.models import Programme

from . import excel, services, sources, word
from .forms import ActionForm, EvaluationNewForm, GoalsForm, IndicatorForm, RulesForm
from .models import Action, Indicator
from .selectors import (
    declaration as declaration_of,
)
from .selectors import (
    evaluations_visible_to,
    funds_rows,
    programmes_with_evaluations,
    sheet,
)


def _evaluation(request: HttpRequest, pk: int):
    if request.user.role not in {Role.CITY_ADMIN, Role.AUDITOR}:
        raise ScopeViolation("绩效自评由市级办理，财政审计可查看")
    return get_object_or_404(evaluations_visible_to(request.user), pk=pk)


@require_safe
def evaluation_list(request: HttpRequest) -> HttpResponse:
    if request.user.role not in {Role.CITY_ADMIN, Role.AUDITOR}:
        raise ScopeViolation("绩效自评由市级办理，财政审计可查看")
    return render(
        request,
        "evaluation/list.html",
        {
            "programmes": programmes_with_evaluations(request.user),
            "may_create": request.user.role == Role.CITY_ADMIN,
        },
    )


def _posted(request: HttpRequest):
    """The submitted data, also when empty (an empty form must answer with its errors)."""
    return request.POST if request.method == "POST" else None


def _require_city(request: HttpRequest) -> None:
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation("绩效自评由市级管理员办理")


@require_http_methods(["GET", "POST"])
def evaluation_new(request: HttpRequest) -> HttpResponse:
    """新建绩效自评 from a shipped template or from an earlier year's evaluation."""
    _require_city(request)
    copies = list(evaluations_visible_to(request.user).order_by("-programme__year", "id"))
    year = request.GET.get("year", "")
    initial = {"programme": Programme.objects.filter(year=year).first()} if year.isdigit() else {}
    form = EvaluationNewForm(_posted(request), copies=copies, initial=initial)
    if request.method == "POST" and form.is_valid():
        programme, origin = form.cleaned_data["programme"], form.cleaned_data["origin"]
        try:
            if origin.startswith("copy-"):
                source = next(e for e in copies if f"copy-{e.pk}" == origin)
                evaluation = services.evaluation_copy(by=request.user, programme=programme, source=source)
            else:
                evaluation = services.evaluation_create(by=request.user, programme=programme, template=origin)
        except services.EvaluationError as exc:
            form.add_error("origin", str(exc))
        else:
            messages.success(
                request,
                f"已建立{evaluation}（{evaluation.indicators.count()}项指标）。"
                "请填写绩效目标，再从记录计算得分。",
            )
            return redirect("evaluation:detail", pk=evaluation.pk)
    return form_page(
        request,
        form,
        title="新建绩效自评",
        intro="从指标体系模板或以前年度的自评建立本年度的绩效自评；复制的自评不含得分。",
        cancel_url=reverse("evaluation:list"),
    )


@require_http_methods(["GET", "POST"])
def evaluation_goals(request: HttpRequest, pk: int) -> HttpResponse:
    """总目标 and 年度目标 (and 主管部门) of the 绩效目标申报表."""
    _require_city(request)
    evaluation = _evaluation(request, pk)
    form = GoalsForm(
        _posted(request),
        initial={
            "department": evaluation.department,
            "total_goal": evaluation.total_goal,
            "annual_goal": evaluation.annual_goal,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluation_goals_save(by=request.user, evaluation=evaluation, **form.cleaned_data)
        except services.EvaluationError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存绩效目标。")
            return redirect("evaluation:declaration", pk=pk)
    return form_page(
        request,
        form,
        title="填写绩效目标",
        intro=f"{evaluation}：绩效目标申报表的总目标和年度目标。",
        cancel_url=reverse("evaluation:detail", args=[pk]),
    )


@require_safe
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    questionnaire = sources.questionnaire_of(evaluation.programme)
    return render(
        request,
        "evaluation/detail.html",
        {
            "s": sheet(evaluation),
            "e": evaluation,
            "may_edit": request.user.role == Role.CITY_ADMIN,
            "open_questionnaire": questionnaire
            if questionnaire is not None and not questionnaire.is_closed
            else None,
            "actions": evaluation.actions.all(),
            "today": timezone.localdate(),
            "rules_form": RulesForm(initial={"scoring_rules": evaluation.scoring_rules}),
        },
    )


@require_POST
def evaluation_compute(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    try:
        n = services.evaluation_compute(by=request.user, evaluation=evaluation)
    except services.EvaluationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已从台账、评定和问卷重新计算{n}项指标。")
    return redirect("evaluation:detail", pk=pk)


@require_POST
def evaluation_rules(request: HttpRequest, pk: int) -> HttpResponse:
    _require_city(request)
    evaluation = _evaluation(request, pk)
    form = RulesForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择评分规则")
        return redirect("evaluation:detail", pk=pk)
    try:
        evaluation = services.evaluation_rules_set(
            by=request.user, evaluation=evaluation, key=form.cleaned_data["scoring_rules"]
        )
    except services.EvaluationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"评分规则已设为“{evaluation.rules.name}”，已计算的得分按此重算。")
    return redirect("evaluation:detail", pk=pk)


@require_POST
def evaluation_sign_off(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    try:
        services.evaluation_sign_off(by=request.user, evaluation=evaluation)
    except services.EvaluationError as exc:
        messages.error(request, f"还不能确认：{exc}")
    else:
        messages.success(request, "自评已确认，指标和得分已冻结。")
    return redirect("evaluation:detail", pk=pk)


@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation("绩效自评由市级管理员办理")
    indicator = get_object_or_404(
        Indicator.objects.select_related("evaluation"), pk=pk, children__isnull=True
    )
    form = IndicatorForm(
        _posted(request),
        initial={
            "band": indicator.band,
            "chosen": indicator.score if indicator.band else None,
            "actual_note": indicator.actual_note,
            "override": indicator.override,
            "override_reason": indicator.override_reason,
            "not_applicable": "yes" if indicator.not_applicable else "no",
            "deviation": indicator.deviation,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["band"] and data["chosen"] is None:
            form.add_error("chosen", "选择了达成程度，请填写得分")
        else:
            try:
                services.indicator_score(
                    by=request.user,
                    indicator_id=pk,
                    band=data["band"],
                    chosen=data["chosen"],
                    override=data["override"],
                    override_reason=data["override_reason"],
                    not_applicable=data["not_applicable"],
                    deviation=data["deviation"],
                    actual_note=data["actual_note"],
                )
            except services.EvaluationError as exc:
                field = "override_reason" if "理由" in str(exc) else "chosen" if "得分" in str(exc) else None
                form.add_error(field, str(exc))
            else:
                messages.success(request, f"已保存“{indicator.name}”。")
                return redirect("evaluation:detail", pk=indicator.evaluation_id)
    return render(request, "evaluation/indicator.html", {"form": form, "i": indicator})


@require_safe
def declaration(request: HttpRequest, pk: int) -> HttpResponse:
    """绩效目标申报表: the goals and the indicators with their target values."""
    evaluation = _evaluation(request, pk)
    return render(
        request,
        "evaluation/declaration.html",
        {
            "e": evaluation,
            "d": declaration_of(evaluation, sheet(evaluation)),
            "may_edit": request.user.role == Role.CITY_ADMIN and not evaluation.frozen,
        },
    )


@require_safe
def self_evaluation(request: HttpRequest, pk: int) -> HttpResponse:
    """项目支出绩效自评表."""
    evaluation = _evaluation(request, pk)
    return render(
        request,
        "evaluation/self_evaluation.html",
        {
            "e": evaluation,
            "s": sheet(evaluation),
            "funds": funds_rows(evaluation.programme),
            "execution": _execution_leaf(evaluation),
        },
    )


def _execution_leaf(evaluation) -> Indicator | None:
    return evaluation.indicators.filter(source="budget_execution_rate").first()


@require_safe
def declaration_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    return excel.declaration_response(declaration_of(evaluation, sheet(evaluation)))


@require_safe
def self_evaluation_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    return excel.self_evaluation_response(
        evaluation, sheet(evaluation), funds_rows(evaluation.programme), _execution_leaf(evaluation)
    )


@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation("绩效自评由市级管理员办理")
    form = ActionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.action_add(by=request.user, evaluation=evaluation, **form.cleaned_data)
        messages.success(request, "已添加整改措施。")
        return redirect("evaluation:detail", pk=pk)
    return form_page(
        request,
        form,
        title="添加整改措施",
        intro=str(evaluation),
        cancel_url=reverse("evaluation:detail", args=[pk]),
    )


@require_POST
def action_close(request: HttpRequest, pk: int) -> HttpResponse:
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation("绩效自评由市级管理员办理")
    action = get_object_or_404(Action, pk=pk)
    try:
        services.action_close(by=request.user, action_id=pk, on=timezone.localdate())
    except services.EvaluationError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已标记整改措施完成。")
    return redirect("evaluation:detail", pk=action.evaluation_id)


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _docx_response(name: str) -> HttpResponse:
    response = HttpResponse(content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_safe
def self_evaluation_docx(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    response = _docx_response(f"self-evaluation-{evaluation.pk}.docx")
    word.self_evaluation_docx(
        evaluation, sheet(evaluation), funds_rows(evaluation.programme), _execution_leaf(evaluation), response
    )
    return response


@require_safe
def declaration_docx(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = _evaluation(request, pk)
    response = _docx_response(f"declaration-{evaluation.pk}.docx")
    word.declaration_docx(declaration_of(evaluation, sheet(evaluation)), response)
    return response
