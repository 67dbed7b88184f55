"""The inbox: one's own messages only, newest first; read one (it opens its record), read all;
choose which events also come by e-mail."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import services
from .forms import EmailChoicesForm
from .selectors import email_events, inbox

PAGE_SIZE = 30


@require_safe
def inbox_page(request: HttpRequest) -> HttpResponse:
    page = Paginator(inbox(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = services.notification_read(by=request.user, notification_id=pk)
    if notification is None:
        get_object_or_404(inbox(request.user), pk=pk)
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:inbox")


@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    n = services.notifications_read_all(by=request.user)
    messages.success(request, f"已将 {n} 条消息标为已读。")
    return redirect("notifications:inbox")


@require_http_methods(["GET", "POST"])
def email_settings(request: HttpRequest) -> HttpResponse:
    form = EmailChoicesForm(
        request.POST or None,
        initial={"events": sorted(email_events(request.user)), "email": request.user.email},
    )
    if request.method == "POST" and form.is_valid():
        services.email_choices_set(
            by=request.user, events=form.cleaned_data["events"], email=form.cleaned_data["email"]
        )
        messages.success(request, "已保存邮件提醒设置。")
        return redirect("notifications:settings")
    return render(
        request,
        "notifications/settings.html",
        {"form": form},
    )
