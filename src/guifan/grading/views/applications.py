"""Applications: list with the funnel, creation, detail with timeline and actions, certificate."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from guifan.accounts.constants import Role
from guifan.core.exceptions import ScopeViolation
from guifan.funds.models import Programme
from guifan.regions.selectors import counties
from guifan.registry.selectors import institutions_visible_to

from .. import certificate, domain, services
from ..constants import Action, InspectionKind, State
from ..forms import STATE_FILTER_CHOICES, ActionForm, ApplicationForm
from ..loading import load_standard_file
from ..models import Standard
from ..selectors import accepted_by_county, applications_visible_to, attachments_visible_to, funnel

PAGE_SIZE = 50
APPLIERS = {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.OPERATOR}


def _programme(request: HttpRequest) -> Programme | None:
    year = request.GET.get("year")
    programmes = Programme.objects.order_by("-year")
    return (programmes.filter(year=year).first() if year and year.isdigit() else None) or programmes.first()


def application_list(request: HttpRequest) -> HttpResponse:
    if request.user.role == Role.OPERATOR:
        own = applications_visible_to(request.user).order_by("-programme__year").first()
        return redirect("grading:detail", pk=own.pk) if own else redirect("grading:new")
    programme = _programme(request)
    applications = applications_visible_to(request.user).filter(programme=programme)
    states, rows, totals = funnel(applications)
    state, county = request.GET.get("state", ""), request.GET.get("county", "")
    listed = applications.order_by("county__sort_order", "institution__name")
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
            "states": [(s, State(s).label) for s in states],
            "rows": rows,
            "totals": totals,
            "total": sum(totals.values()),
            "page": Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page")),
            "state_choices": STATE_FILTER_CHOICES,
            "county_choices": counties(),
            "state": state,
            "county": county,
            "overdue": overdue,
            "may_apply": request.user.role in APPLIERS,
        },
    )


def _current_standard() -> Standard:
    return Standard.objects.order_by("-effective_year", "-version").first() or load_standard_file()


@require_http_methods(["GET", "POST"])
def application_new(request: HttpRequest) -> HttpResponse:
    if request.user.role not in APPLIERS:
        raise ScopeViolation("无权提交申请")
    programme = Programme.objects.order_by("-year").first()
    if programme is None:
        raise ScopeViolation("尚未设立年度项目")
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
                standard=_current_standard(),
                statement=form.cleaned_data["statement"],
            )
        except domain.InvalidTransition as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存申请草稿。请核对后提交。")
            return redirect("grading:detail", pk=application.pk)
    return render(request, "grading/application_new.html", {"form": form, "programme": programme})


def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    return _detail(request, application, ActionForm())


def _detail(request, application, form):
    role = request.user.role
    inspections = list(application.inspections.select_related("inspector").order_by("created_at"))
    open_inspection = {
        kind: next((i for i in inspections if i.kind == kind and not i.completed), None)
        for kind in InspectionKind.values
    }
    startable = {
        InspectionKind.COUNTY: role == Role.COUNTY_OFFICER and application.state == State.CONSTRUCTION,
        InspectionKind.CITY: role in {Role.CITY_ADMIN, Role.INSPECTOR}
        and application.state == State.CITY_INSPECTION,
        InspectionKind.REINSPECTION: role in {Role.CITY_ADMIN, Role.INSPECTOR}
        and application.state == State.REINSPECTION,
    }
    return render(
        request,
        "grading/application_detail.html",
        {
            "a": application,
            "form": form,
            "actions": [(a, Action(a).label) for a in domain.available_actions(application.state, role)],
            "next_step": domain.NEXT_STEP[application.state],
            "transitions": application.transitions.select_related("by").order_by("at", "id"),
            "inspections": inspections,
            "open_inspection": open_inspection,
            "startable": [
                (k, InspectionKind(k).label)
                for k, ok in startable.items()
                if ok and open_inspection[k] is None
            ],
            "rectifications": application.rectifications.select_related("item").order_by("due"),
            "attachments": application.attachments.select_related("item").order_by("uploaded_at"),
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
        try:
            services.application_transition(
                by=request.user,
                application_id=pk,
                action=action,
                comment=form.cleaned_data["comment"],
                expected_state=request.POST.get("expected_state") or None,
            )
        except domain.InvalidTransition as exc:
            form.add_error("comment" if "理由" in str(exc) else None, str(exc))
        else:
            messages.success(request, f"已{Action(action).label}。")
            return redirect("grading:detail", pk=pk)
    application.refresh_from_db()
    return _detail(request, application, form)


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
        applications_visible_to(request.user).select_related("decision"),
        pk=pk,
        state__in=[State.COUNCIL_APPROVED, State.PAID],
    )
    return application


def certificate_page(request: HttpRequest, pk: int) -> HttpResponse:
    application = _official(request, pk)
    return render(
        request, "grading/certificate.html", {"a": application, "c": certificate.details(application)}
    )


def certificate_docx(request: HttpRequest, pk: int) -> HttpResponse:
    application = _official(request, pk)
    response = HttpResponse(
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="certificate-{application.pk}.docx"'
    certificate.write_docx(certificate.details(application), response)
    return response


def accepted_list(request: HttpRequest, year: int) -> HttpResponse:
    """The seed's table: approved institutions by county with the county's count and subsidy paid."""
    programme = get_object_or_404(Programme, year=year)
    rows = accepted_by_county(applications_visible_to(request.user), programme)
    return render(
        request,
        "grading/accepted.html",
        {
            "programme": programme,
            "rows": rows,
            "count": sum(len(a) for a, _ in rows),
            "amount": sum(p for _, p in rows),
        },
    )
