"""Applications: list with the funnel, creation, detail with timeline and actions, certificate."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guifan.accounts.constants import Role
from guifan.core.exceptions import ScopeViolation
from guifan.funds.models import Programme
from guifan.regions.selectors import counties
from guifan.registry.selectors import institutions_visible_to

from .. import certificate, domain, services
from ..constants import Action, InspectionKind, State
from ..forms import STATE_FILTER_CHOICES, ActionForm, ApplicationForm, StatementForm
from ..models import PublicityBatch
from ..selectors import (
    accepted_page,
    applications_visible_to,
    approved_applications,
    attachment_groups,
    attachments_visible_to,
    funnel_of,
    open_year_for,
    programme_open_for_applications,
)
from ..services.workflow import STATEMENT_EDITABLE, STATEMENT_EDITORS

PAGE_SIZE = 50
APPLIERS = {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.OPERATOR}


def _programme(request: HttpRequest) -> Programme | None:
    year = request.GET.get("year")
    programmes = Programme.objects.order_by("-year")
    return (programmes.filter(year=year).first() if year and year.isdigit() else None) or programmes.first()


def _my_applications(request: HttpRequest) -> HttpResponse:
    """我的申请: the operator's applications of every year, and the button for the open year."""
    applications = list(applications_visible_to(request.user).order_by("-programme__year"))
    for application in applications:
        application.next_step = domain.next_step(
            application.state, request.user.role, has_statement=bool(application.statement.strip())
        )
    open_programme = programme_open_for_applications()
    return render(
        request,
        "grading/my_applications.html",
        {
            "applications": applications,
            "open_programme": open_programme,
            "may_apply": open_year_for(request.user, open_programme),
            "applied": any(a.programme_id == getattr(open_programme, "pk", None) for a in applications),
        },
    )


@require_safe
def application_list(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.OPERATOR:
        return _my_applications(request)
    programme = _programme(request)
    applications = applications_visible_to(request.user).filter(programme=programme)
    states, rows, totals = funnel_of(request.user, programme)
    state, county = request.GET.get("state", ""), request.GET.get("county", "")
    # Only what the list prints: a page of full applications with their institutions costs more
    # to build than the rest of the page.
    listed = (
        applications.select_related(None)
        .select_related("institution", "county")
        .only("state", "score", "grade", "institution__name", "county__name")
        .order_by("county__sort_order", "institution__name")
    )
    if state in State.values:
        listed = listed.filter(state=state)
    if county.isdigit():
        listed = listed.filter(county_id=county)
    overdue = (
        applications.filter(
            state=State.RECTIFICATION,
            rectifications__closed=False,
            rectifications__due__lt=timezone.localdate(),
        )
        .distinct()
        .order_by("county__sort_order")
    )
    return render(
        request,
        "grading/application_list.html",
        {
            "programme": programme,
            "programmes": Programme.objects.order_by("-year"),
            "states": [State(s).label for s in states],
            "rows": [(name, [by_state.get(s, 0) for s in states], n) for name, by_state, n in rows],
            "totals": [totals[s] for s in states],
            "total": sum(totals.values()),
            "page": Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page")),
            "state_choices": STATE_FILTER_CHOICES,
            "county_choices": counties(),
            "state": state,
            "county": county,
            "overdue": overdue,
            "batches": PublicityBatch.objects.filter(programme=programme).order_by("starts_on", "id")
            if request.user.role in {Role.CITY_ADMIN, Role.AUDITOR}
            else [],
            "today": timezone.localdate(),
            "open_programme": (open_programme := programme_open_for_applications()),
            "may_apply": open_year_for(request.user, open_programme),
        },
    )


@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest) -> HttpResponse:
    if request.user.role not in APPLIERS:
        raise ScopeViolation("无权提交申请")
    programme = programme_open_for_applications()
    if programme is None:
        raise ScopeViolation("尚未设立年度项目")
    year = request.GET.get("year", "")
    if year and year != str(programme.year):
        messages.error(request, f"{year}年度已不接受新的申请；现在可以申请的是{programme.year}年度。")
        return redirect("grading:list")
    institutions = (
        institutions_visible_to(request.user)
        .filter(county__in=programme.counties.all())
        .exclude(applications__programme=programme)
    )
    form = ApplicationForm(request.POST or None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.application_create(
                by=request.user,
                programme=programme,
                institution=form.cleaned_data["institution"],
                standard=services.standard_for_year(programme.year),
                statement=form.cleaned_data["statement"],
            )
        except domain.InvalidTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存申请草稿。请核对后提交。")
            return redirect("grading:detail", pk=application.pk)
    return render(request, "grading/application_new.html", {"form": form, "programme": programme})


@require_safe
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    return _detail(request, application, ActionForm())


@require_POST
def application_statement(request: HttpRequest, pk: int) -> HttpResponse:
    """修改申请说明: the draft's or the returned application's statement, saved through its service."""
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    form = StatementForm(request.POST)
    if form.is_valid():
        try:
            services.application_update_statement(
                by=request.user, application_id=pk, statement=form.cleaned_data["statement"]
            )
        except domain.InvalidTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存申请说明。核对无误后请提交申请。")
            return redirect("grading:detail", pk=pk)
    return _detail(request, application, ActionForm(), statement_form=form)


# What the success message says after each action: a sentence, not "已" glued to the label.
DONE_MESSAGES = {
    Action.SUBMIT: "已提交申请。",
    Action.RETURN: "已退回机构修改。",
    Action.APPROVE: "县区审核已通过。",
    Action.START_CONSTRUCTION: "已开始规范化建设。",
    Action.FINISH_SELF_INSPECTION: "县区自检已完成，等待市级检查验收。",
    Action.REQUIRE_RECTIFICATION: "已提出整改意见，机构将按整改要求整改。",
    Action.SUBMIT_RECTIFICATION: "已提交整改材料。",
    Action.ACCEPT: "验收已通过。",
    Action.FAIL: "已记录验收不通过。",
    Action.WITHDRAW: "申请已撤回。",
    Action.NOT_COMPLETE: "已记录为年度内未完成。",
}


# Button labels that say what the button does where the action's own name would not.
BUTTON_LABELS = {
    Action.START_CITY_INSPECTION: "开始市级检查验收（进入评分表）",
    Action.START_REINSPECTION: "开始复查（进入评分表）",
}
SHEET_ACTIONS = {Action.START_CITY_INSPECTION, Action.START_REINSPECTION}


def _this_round(inspections, application) -> list:
    """The inspections made since the application entered its current state: a re-inspection
    round starts again each time the application comes back to 复查中."""
    since = application.state_changed_at
    return [i for i in inspections if since is None or i.created_at >= since]


def _detail(request, application, form, statement_form=None):
    role = request.user.role
    inspections = list(application.inspections.select_related("inspector").order_by("created_at", "id"))
    open_inspection = {
        kind: next((i for i in inspections if i.kind == kind and not i.completed), None)
        for kind in InspectionKind.values
    }
    started = {i.kind for i in _this_round(inspections, application)} | {
        k for k, i in open_inspection.items() if i
    }
    may_edit_statement = role in STATEMENT_EDITORS and application.state in STATEMENT_EDITABLE
    if may_edit_statement and statement_form is None:
        statement_form = StatementForm(initial={"statement": application.statement})
    returned = (
        application.transitions.filter(action=Action.RETURN).order_by("-at", "-id").first()
        if application.state == State.RETURNED
        else None
    )
    today = timezone.localdate()
    startable = {
        InspectionKind.COUNTY: role == Role.COUNTY_OFFICER and application.state == State.CONSTRUCTION,
        InspectionKind.CITY: role in {Role.CITY_ADMIN, Role.INSPECTOR}
        and application.state == State.CITY_INSPECTION,
        InspectionKind.REINSPECTION: role in {Role.CITY_ADMIN, Role.INSPECTOR}
        and application.state == State.REINSPECTION,
    }
    rectifications = list(application.rectifications.select_related("item").order_by("due", "id"))
    return render(
        request,
        "grading/application_detail.html",
        {
            "a": application,
            "form": form,
            "actions": [
                (a, BUTTON_LABELS.get(a, Action(a).label))
                for a in domain.available_actions(application.state, role)
            ],
            "next_step": domain.next_step(
                application.state, role, has_statement=bool(application.statement.strip())
            ),
            "return_reason": returned.comment if returned else "",
            "statement_form": statement_form if may_edit_statement else None,
            "registry_link": institutions_visible_to(request.user)
            .filter(pk=application.institution_id)
            .exists(),
            "transitions": application.transitions.select_related("by").order_by("on", "at", "id"),
            "inspections": inspections,
            "open_inspection": open_inspection,
            "startable": [
                (k, f"开始{InspectionKind(k).label}评分")
                for k, ok in startable.items()
                if ok and k not in started
            ],
            "rectifications": rectifications,
            "open_rectifications": [
                (r, r.due < today and r.submitted_at is None) for r in rectifications if not r.closed
            ],
            "attachment_groups": attachment_groups(application, inspections),
            "may_respond": role in {Role.OPERATOR, Role.COUNTY_OFFICER}
            and application.state == State.RECTIFICATION,
            "may_rectify": role in {Role.CITY_ADMIN, Role.INSPECTOR}
            and application.state in {State.CITY_INSPECTION, State.REINSPECTION},
            "official": application.state in {State.COUNCIL_APPROVED, State.PAID},
        },
    )


@require_POST
def application_act(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    form = ActionForm(request.POST)
    action = request.POST.get("action", "")
    if action not in Action.values:
        raise ScopeViolation("未知操作")
    if form.is_valid():
        expected = request.POST.get("expected_state") or None
        try:
            if action in SHEET_ACTIONS:
                inspection = services.inspection_begin(
                    by=request.user,
                    application_id=pk,
                    action=action,
                    on=timezone.localdate(),
                    expected_state=expected,
                )
            else:
                services.application_transition(
                    by=request.user,
                    application_id=pk,
                    action=action,
                    comment=form.cleaned_data["comment"],
                    expected_state=expected,
                )
        except domain.InvalidTransition as exc:
            form.add_error("comment" if "理由" in str(exc) else None, str(exc))
        else:
            if action in SHEET_ACTIONS:
                messages.success(request, f"已{Action(action).label}。请逐项评分。")
                return redirect("grading:inspection", pk=inspection.pk)
            messages.success(request, DONE_MESSAGES.get(action, f"已{Action(action).label}。"))
            return redirect("grading:detail", pk=pk)
    application.refresh_from_db()
    return _detail(request, application, form)


@require_safe
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = get_object_or_404(attachments_visible_to(request.user), pk=pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


def _official(request: HttpRequest, pk: int):
    application = get_object_or_404(
        applications_visible_to(request.user).select_related(
            "decision", "official_grade__institution", "official_grade__county"
        ),
        pk=pk,
        state__in=[State.COUNCIL_APPROVED, State.PAID],
    )
    return application


@require_safe
def certificate_page(request: HttpRequest, pk: int) -> HttpResponse:
    application = _official(request, pk)
    return render(
        request,
        "grading/certificate.html",
        {"a": application, "c": certificate.details(application, timezone.localdate())},
    )


@require_safe
def certificate_docx(request: HttpRequest, pk: int) -> HttpResponse:
    application = _official(request, pk)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="certificate-{application.pk}.docx"'
    certificate.write_docx(certificate.details(application, timezone.localdate()), response)
    return response


@require_safe
def accepted_list(request: HttpRequest, year: int) -> HttpResponse:
    """The seed's table: approved institutions by county with the county's count and subsidy paid."""
    programme = get_object_or_404(Programme, year=year)
    visible = applications_visible_to(request.user)
    page = Paginator(approved_applications(visible, programme), PAGE_SIZE).get_page(request.GET.get("page"))
    table = accepted_page(visible, programme, page)
    return render(request, "grading/accepted.html", {"programme": programme, "page": page, "table": table})
