from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from guifan.accounts.domain import CREATES_INSTITUTIONS, IMPORTS_INSTITUTIONS, institution_fields_editable_by
from guifan.audit.selectors import events_for
from guifan.core.exceptions import ScopeViolation
from guifan.core.pagination import DeferredPaginator
from guifan.core.xlsx import XLSX
from guifan.jobs.constants import JobKind
from guifan.jobs.services import job_submit

from . import services
from .exports import export_filename, write_export
from .forms import InstitutionFilterForm, InstitutionForm, InstitutionImportForm
from .history import readable_changes, region_names
from .selectors import institution_search, institutions_visible_to

PAGE_SIZE = 50


def _filtered(request: HttpRequest):
    form = InstitutionFilterForm(request.GET or None, user=request.user)
    filters = form.search_filters()
    return form, filters, institution_search(request.user, **filters)


@require_safe
def institution_list(request: HttpRequest) -> HttpResponse:
    form, _, institutions = _filtered(request)
    page = DeferredPaginator(institutions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "registry/institution_list.html",
        {
            "filter_form": form,
            "page": page,
            "may_create": request.user.role in CREATES_INSTITUTIONS,
            "may_import": request.user.role in IMPORTS_INSTITUTIONS,
            "export_in_background": page.paginator.count > settings.GUIFAN_EXPORT_JOB_ROWS,
        },
    )


@require_safe
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_object_or_404(institutions_visible_to(request.user), pk=pk)
    regions = region_names()
    history = [
        (event, readable_changes(event, user=request.user, region_names=regions))
        for event in events_for(institution)[:100]
    ]
    return render(
        request,
        "registry/institution_detail.html",
        {
            "institution": institution,
            "history": history,
            "may_edit": bool(institution_fields_editable_by(request.user.role)),
            # The grade records (supervision) through the reverse relation: registry imports nothing above it.
            "grades": institution.grades.order_by("-decided_on", "-id"),
        },
    )


@require_http_methods(["GET", "POST"])
def institution_create(request: HttpRequest) -> HttpResponse:
    if request.user.role not in CREATES_INSTITUTIONS:
        raise ScopeViolation("无权新建机构")
    form = InstitutionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        data.setdefault("county", form.county_for_new)
        institution = services.institution_create(by=request.user, data=data)
        messages.success(request, f"已新建机构“{institution.name}”。")
        return redirect("registry:detail", pk=institution.pk)
    return render(request, "registry/institution_form.html", {"form": form, "title": "新建机构"})


@require_http_methods(["GET", "POST"])
def institution_edit(request: HttpRequest, pk: int) -> HttpResponse:
    institution = get_object_or_404(institutions_visible_to(request.user), pk=pk)
    if not institution_fields_editable_by(request.user.role):
        raise ScopeViolation("无权修改该机构")
    form = InstitutionForm(request.POST or None, instance=institution, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form.fields}
        services.institution_update(by=request.user, institution_id=pk, data=data)
        messages.success(request, "已保存修改。")
        return redirect("registry:detail", pk=pk)
    return render(
        request,
        "registry/institution_form.html",
        {"form": form, "title": f"修改机构信息：{institution.name}", "institution": institution},
    )


@require_http_methods(["GET", "POST"])
def institution_import(request: HttpRequest) -> HttpResponse:
    """The file is checked for size and soundness here; its rows are checked and written by a
    background job, whose page shows the progress and then the result or every bad row."""
    if request.user.role not in IMPORTS_INSTITUTIONS:
        raise ScopeViolation("无权导入机构")
    form = InstitutionImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = job_submit(by=request.user, kind=JobKind.IMPORT_INSTITUTIONS, upload=form.cleaned_data["file"])
        return redirect("jobs:detail", pk=job.pk)
    return render(request, "registry/institution_import.html", {"form": form})


@require_http_methods(["GET", "POST"])
def institution_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as .xlsx: at once for a list up to GUIFAN_EXPORT_JOB_ROWS institutions; a
    longer one is written by a background job (POST from the list page), whose page offers the file."""
    _, filters, institutions = _filtered(request)
    if request.method == "POST":
        job = job_submit(
            by=request.user, kind=JobKind.EXPORT_INSTITUTIONS, params=filters, output_name=export_filename()
        )
        return redirect("jobs:detail", pk=job.pk)
    if institutions.count() > settings.GUIFAN_EXPORT_JOB_ROWS:
        messages.info(request, "名录较长，请用“在后台生成 Excel”导出。")
        return redirect(f"{reverse('registry:list')}?{request.GET.urlencode()}")
    response = HttpResponse(content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_filename()}"'
    write_export(request.user, filters, response)
    return response
