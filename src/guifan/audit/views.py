from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from guifan.core.pagination import DeferredPaginator

from .forms import AuditFilterForm
from .selectors import events_visible_to

PAGE_SIZE = 50


@require_safe
def audit_list(request: HttpRequest) -> HttpResponse:
    """All changes by date and user, for auditors and city administrators."""
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    actor = filters.get("actor")
    events = events_visible_to(
        request.user,
        actor_id=actor.pk if actor else None,
        since=filters.get("since"),
        until=filters.get("until"),
    )
    page = DeferredPaginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/audit_list.html", {"filter_form": form, "page": page})
