from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from guifan.accounts.constants import Role
from guifan.core.computed import computed
from guifan.core.exceptions import ScopeViolation
from guifan.funds.selectors import programmes_visible_to
from guifan.surveys.selectors import answers_version

from . import builder, readiness, services
from .audit import audit_document, audit_file
from .forms import CheckReportForm, NarrativeForm, ReportForm
from .pdf import PdfUnavailable
from .readers import UnreadableReport

CHECKERS = services.READERS | {Role.COUNTY_OFFICER}


def _programme(request: HttpRequest, year: int):
    if request.user.role not in services.READERS:
        raise ScopeViolation("自评报告由市级管理员编写，审计人员可查看")
    return get_object_or_404(programmes_visible_to(request.user), year=year)


def _report_state(programme) -> tuple:
    """What the report page shows of the report: its evaluation, what is missing, what the checker
    finds. Building the report reads the whole year, so this is kept per version of the data."""
    facts = builder.gather(programme)
    # The checker an uploaded report meets (报告检查), national form rules included.
    findings = audit_document(builder.build(programme, with_chart=False, facts=facts)).findings
    return facts.evaluation, readiness.missing(facts), findings


@require_http_methods(["GET", "POST"])
def report_page(request: HttpRequest, year: int) -> HttpResponse:
    """The programme's report: what the checker finds in it, and the download in three formats."""
    programme = _programme(request, year)
    form = ReportForm(request.POST or None)
    findings = None
    if request.method == "POST" and form.is_valid():
        try:
            report = services.report_generate(
                by=request.user,
                programme=programme,
                fmt=form.cleaned_data["format"],
                acknowledge=form.cleaned_data["acknowledge"],
            )
        except services.ReportIncomplete as incomplete:
            form.add_error("format", str(incomplete))
        except services.ReportBlocked as blocked:
            findings = blocked.findings  # already checked: no second build
            form.add_error("acknowledge", f"{blocked}：请阅读上列问题，勾选此项后再导出")
        except PdfUnavailable as error:
            form.add_error("format", str(error))
        else:
            response = HttpResponse(report.content, content_type=report.content_type)
            response["Content-Disposition"] = f'attachment; filename="{report.filename}"'
            return response
    evaluation, missing, checked = computed(
        "report_page",
        (programme.pk, timezone.localdate(), answers_version()),
        lambda: _report_state(programme),
    )
    context = {
        "programme": programme,
        "form": form,
        "findings": checked if findings is None else findings,
        "missing": missing,
        "blockers": readiness.export_blockers(missing),
        "evaluation": evaluation,
    }
    return render(request, "reports/report_page.html", context)


@require_http_methods(["GET", "POST"])
def narrative_edit(request: HttpRequest, year: int) -> HttpResponse:
    programme = _programme(request, year)
    if request.user.role != Role.CITY_ADMIN:
        raise ScopeViolation("报告文字由市级管理员编辑")
    names = builder.placeholder_names()
    # Bound on every POST, even an empty one, so a blank submit answers with its errors.
    posted = request.POST if request.method == "POST" else None
    form = NarrativeForm(posted, texts=builder.texts_of(programme), names=names)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.narrative_save(by=request.user, programme=programme, texts=form.cleaned_data)
        except services.NarrativeError as error:
            for key, message in error.errors.items():
                form.add_error(key, message)
        else:
            messages.success(request, f"已保存{len(changed)}段文字。" if changed else "没有修改。")
            return redirect("reports:report", year=year)
    return render(request, "reports/narrative.html", {"programme": programme, "form": form, "names": names})


@require_http_methods(["GET", "POST"])
def check_upload(request: HttpRequest) -> HttpResponse:
    """Check a report written elsewhere; the file is read in memory and not kept."""
    if request.user.role not in CHECKERS:
        raise ScopeViolation("无权使用报告检查")
    form = CheckReportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            upload = form.cleaned_data["file"]
            result = audit_file(upload, upload.name, form.cleaned_data["rules"])
        except UnreadableReport as error:
            form.add_error("file", str(error))
    return render(request, "reports/check.html", {"form": form, "result": result})
