from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from guifan.accounts.constants import Role
from guifan.core.exceptions import ScopeViolation
from guifan.core.money import format_yuan
from guifan.core.pages import form_page

from . import domain, excel, services
from .constants import EntryKind
from .domain import FundsRuleError
from .figures import programme_figures
from .forms import ENTRY_FORMS, ProgrammeForm, ProgrammeStartForm, ReverseForm, SourceForm
from .selectors import (
    READS_ALL_MONEY,
    LedgerKeys,
    enrolments_visible_to,
    entries_visible_to,
    ledger_entries,
    ledger_of,
    programmes_visible_to,
    repeat_payments,
)

MONEY_READERS = READS_ALL_MONEY | {Role.COUNTY_OFFICER}
CITY_KINDS = [EntryKind.RECEIPT, EntryKind.TRANSFER, EntryKind.CARRY_OVER, EntryKind.RECOVERY]
PAGE_SIZE = 50  # as every other list


def _programme(request: HttpRequest, year: int):
    if request.user.role not in MONEY_READERS:
        raise ScopeViolation("无权查看项目资金")
    return get_object_or_404(programmes_visible_to(request.user), year=year)


@require_safe
def programme_list(request: HttpRequest) -> HttpResponse:
    if request.user.role not in MONEY_READERS:
        raise ScopeViolation("无权查看项目资金")
    programmes = list(programmes_visible_to(request.user))
    return render(
        request,
        "funds/programme_list.html",
        {
            "programmes": programmes,
            "may_create": request.user.role == Role.CITY_ADMIN,
            "latest": programmes[0] if programmes else None,
        },
    )


def _entry_form(kind: str, request: HttpRequest, programme, data=None):
    extra = {}
    if kind == EntryKind.PAYMENT:
        extra["enrolments"] = enrolments_visible_to(request.user).filter(programme=programme, accepted=True)
    return ENTRY_FORMS[kind](data, programme=programme, user=request.user, **extra)


def _kinds_for(role: str) -> list[EntryKind]:
    if role == Role.CITY_ADMIN:
        return CITY_KINDS
    if role == Role.COUNTY_OFFICER:
        return [EntryKind.PAYMENT]
    return []


@require_safe
def programme_detail(request: HttpRequest, year: int) -> HttpResponse:
    programme = _programme(request, year)
    actions, blocked = [], {}
    for kind in _kinds_for(request.user.role):
        reason = _entry_form(kind, request, programme).unusable_reason()
        if reason:
            blocked.setdefault(reason, []).append(f"登记{kind.label}")
        else:
            actions.append((kind.label, kind.value))
    not_ready = [("、".join(labels), reason) for reason, labels in blocked.items()]
    return render(
        request,
        "funds/programme_detail.html",
        {
            "figures": programme_figures(request.user, programme),
            "p": programme,
            "actions": actions,
            "not_ready": not_ready,
            "repeats": repeat_payments(request.user, programme),
        },
    )


@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以新建年度项目")
    form = ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "counties"}
        programme = services.programme_create(
            by=request.user, data=data, counties=list(form.cleaned_data["counties"])
        )
        messages.success(request, f"已新建{programme.year}年度项目。")
        return redirect("funds:programme", year=programme.year)
    return form_page(
        request,
        form,
        title="新建空白年度项目",
        intro="不复制以前年度的设置；预算在建好后用“登记资金来源”登记。",
        cancel_url=reverse("funds:programmes"),
    )


@require_http_methods(["GET", "POST"])
def programme_next(request: HttpRequest, year: int) -> HttpResponse:
    """新建年度项目 from an earlier year: its settings copied, the notice, budget and targets asked for."""
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以新建年度项目")
    previous = get_object_or_404(programmes_visible_to(request.user), year=year)
    form = ProgrammeStartForm(request.POST or None, previous=previous)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        counties = list(data.pop("counties"))
        source = {k: data.pop(k) for k in ("source_document", "source_title", "source_budget")}
        try:
            programme = services.programme_start(
                by=request.user,
                year=data.pop("year"),
                previous=previous,
                data=data,
                counties=counties,
                **source,
            )
        except FundsRuleError as exc:
            form.add_error("year" if isinstance(exc, domain.YearExists) else None, str(exc))
        else:
            messages.success(
                request,
                f"已新建{programme.year}年度项目，并登记预算{source['source_document']}；"
                f"已按{previous.year}年度复制问卷、指标体系和报告文字。",
            )
            return redirect("funds:programme", year=programme.year)
    return form_page(
        request,
        form,
        title=f"新建年度项目（以{previous.year}年度为基础）",
        intro=(
            f"项目名称、实施单位、补助标准、年度目标、任务县区、所属规划和执行期已按{previous.year}年度填好"
            "（执行期顺延一年），请逐项核对；通知文号和预算须填写本年度的。"
            f"保存后，{previous.year}年度的满意度问卷、绩效指标体系和报告文字将复制到新年度。"
        ),
        cancel_url=reverse("funds:programmes"),
    )


@require_http_methods(["GET", "POST"])
def source_create(request: HttpRequest, year: int) -> HttpResponse:
    programme = _programme(request, year)
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以登记资金来源")
    form = SourceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.source_create(by=request.user, programme=programme, **form.cleaned_data)
        messages.success(request, "已登记资金来源。")
        return redirect("funds:programme", year=year)
    return form_page(
        request, form, title=f"{year}年度：登记资金来源", cancel_url=reverse("funds:programme", args=[year])
    )


def _move(kind: str, user, programme, data: dict):
    """Call the one service for this kind of movement with the form's values."""
    common = {"by": user, "on": data["date"], "amount": data["amount"]}
    if kind == EntryKind.RECEIPT:
        return services.funds_receive(**common, source_id=data["source"].pk, document=data["document"])
    if kind == EntryKind.TRANSFER:
        return services.funds_transfer(
            **common,
            source_id=data["source"].pk,
            county=data["county"],
            document=data["document"],
            programme=programme,
        )
    if kind == EntryKind.RECOVERY:
        return services.funds_recover(
            **common, source_id=data["source"].pk, county=data["county"], reason=data["reason"]
        )
    if kind == EntryKind.CARRY_OVER:
        return services.funds_carry_over(
            **common,
            source_id=data["source"].pk,
            county=data["county"],
            into=programme,
            document=data["document"],
        )
    return services.funds_pay(
        by=user,
        enrolment_id=data["enrolment"].pk,
        source_id=data["source"].pk,
        on=data["date"],
        voucher=data["document"],
        amount=data["amount"],
        amount_reason=data["amount_reason"],
        exception_reason=data["exception_reason"],
        repeat_reason=data["repeat_reason"],
    )


@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    programme = _programme(request, year)
    if kind not in ENTRY_FORMS or request.user.role != domain.role_for(kind):
        raise ScopeViolation("无权办理此项资金业务")
    form = _entry_form(kind, request, programme, request.POST or None)
    title = f"{year}年度：登记{EntryKind(kind).label}"
    reason = form.unusable_reason()
    if reason:
        offer_source = kind in (EntryKind.RECEIPT, EntryKind.TRANSFER, EntryKind.RECOVERY)
        context = {"p": programme, "title": title, "reason": reason, "offer_source": offer_source}
        return render(request, "funds/not_ready.html", context)
    if request.method == "POST" and form.is_valid():
        try:
            _move(kind, request.user, programme, form.cleaned_data)
        except FundsRuleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已登记{EntryKind(kind).label}。")
            return redirect("funds:ledger", year=year)
    return form_page(request, form, title=title, cancel_url=reverse("funds:programme", args=[year]))


@require_http_methods(["GET", "POST"])
def entry_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(entries_visible_to(request.user), pk=pk)
    if request.user.role != domain.role_for(entry.kind):
        raise ScopeViolation("无权冲销该记录")
    form = ReverseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_reverse(
                by=request.user, entry_id=pk, on=form.cleaned_data["date"], reason=form.cleaned_data["reason"]
            )
        except FundsRuleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已冲销，原记录保留在台账中。")
            return redirect("funds:ledger", year=entry.programme.year)
    return form_page(
        request,
        form,
        title=f"冲销：{entry.get_kind_display()} {format_yuan(entry.amount)}元（{entry.date}）",
        cancel_url=reverse("funds:ledger", args=[entry.programme.year]),
    )


@require_safe
def ledger(request: HttpRequest, year: int) -> HttpResponse:
    programme = _programme(request, year)
    page = Paginator(LedgerKeys(request.user, programme), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = ledger_entries(request.user, list(page.object_list))
    reversible = [k.value for k in EntryKind if domain.role_for(k) == request.user.role]
    return render(request, "funds/ledger.html", {"p": programme, "page": page, "reversible": reversible})


@require_safe
def ledger_export(request: HttpRequest, year: int) -> HttpResponse:
    programme = _programme(request, year)
    return excel.ledger_response(programme, ledger_of(request.user, programme))


@require_safe
def county_table_export(request: HttpRequest, year: int) -> HttpResponse:
    programme = _programme(request, year)
    figures = programme_figures(request.user, programme)
    names = {row.county_id: name for name, row in figures.county_rows}
    paid = (
        entries_visible_to(request.user)
        .filter(kind=EntryKind.PAYMENT, programme=programme, amount__gt=0, reversal__isnull=True)
        .select_related("institution")
        .order_by("county__sort_order", "institution__name")
    )
    return excel.county_table_response(
        programme, figures, names, paid, sees_personal_data=request.user.sees_personal_data
    )


@require_http_methods(["GET"])
def enrolments(request: HttpRequest, year: int) -> HttpResponse:
    """Institutions taking part, and whether the council approved them (which makes them payable)."""
    programme = _programme(request, year)
    rows = (
        enrolments_visible_to(request.user)
        .filter(programme=programme)
        .order_by("institution__county__sort_order", "institution__name", "pk")
    )
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "funds/enrolments.html", {"p": programme, "page": page})
