from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import add_never_cache_headers
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from guifan.audit.selectors import events_for
from guifan.core.exceptions import ScopeViolation

from . import services
from .domain import MANAGES_USERS
from .forms import FirstPasswordForm, LoginForm, OwnPasswordChangeForm, UserFilterForm, UserForm
from .history import readable_history
from .selectors import user_search, users_visible_to

PAGE_SIZE = 50
# The password someone else chose waits here until its page shows it, once.
_SHOWN_ONCE = "guifan_new_password"


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    # Django's form views also take PUT as POST; a page with a form takes GET and POST only.
    http_method_names = ["get", "post", "head", "options"]


class LogoutView(auth_views.LogoutView):
    pass


@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """Extend the session (the time-limit warning's 继续使用 button). Any request extends it, since
    sessions are saved on every request; this one does nothing else."""
    request.session.modified = True
    if request.headers.get("Accept") == "application/json":
        return HttpResponse(status=204)
    back = request.POST.get("next", "")
    return redirect(
        back if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) else "home"
    )


def _manager(request: HttpRequest) -> None:
    if request.user.role not in MANAGES_USERS:
        raise ScopeViolation("无权管理用户账户")


@require_safe
def user_list(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = UserFilterForm(request.GET or None, by=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    county = filters.get("county")
    users = user_search(
        request.user,
        text=filters.get("q", ""),
        role=filters.get("role", ""),
        county_id=county.pk if county else None,
    )
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/user_list.html", {"filter_form": form, "page": page})


@require_safe
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(users_visible_to(request.user), pk=pk)
    history = readable_history(list(events_for(account)[:100]))
    return render(
        request,
        "accounts/user_detail.html",
        {"account": account, "history": history, "is_self": account.pk == request.user.pk},
    )


def _show_once(request: HttpRequest, new: services.NewPassword, kind: str) -> HttpResponse:
    request.session[_SHOWN_ONCE] = {
        "user": new.user.pk,
        "password": new.password,
        "generated": new.generated,
        "kind": kind,
    }
    return redirect("accounts:user_password", pk=new.user.pk)


@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    _manager(request)
    form = UserForm(request.POST or None, by=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.login_create(by=request.user, **form.service_data())
        except services.UserInvalid as exc:
            form.show_errors(exc)
        else:
            return _show_once(request, new, "create")
    return render(request, "accounts/user_form.html", {"form": form, "title": "新建账户"})


@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(users_visible_to(request.user), pk=pk)
    form = UserForm(request.POST or None, by=request.user, instance=account)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_update(by=request.user, user_id=pk, data=form.service_data())
        except services.UserInvalid as exc:
            form.show_errors(exc)
        else:
            messages.success(request, "已保存修改。")
            return redirect("accounts:user_detail", pk=pk)
    return render(
        request,
        "accounts/user_form.html",
        {"form": form, "title": f"修改账户：{account.username}", "account": account},
    )


@require_safe
def user_password(request: HttpRequest, pk: int) -> HttpResponse:
    """The initial password, shown once: reloading the page does not show it again."""
    account = get_object_or_404(users_visible_to(request.user), pk=pk)
    shown = request.session.get(_SHOWN_ONCE)
    if shown and shown["user"] == account.pk:
        del request.session[_SHOWN_ONCE]
    else:
        shown = None
    response = render(request, "accounts/user_password.html", {"account": account, "shown": shown})
    add_never_cache_headers(response)
    return response


def _action(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    get_object_or_404(users_visible_to(request.user), pk=pk)
    try:
        service(by=request.user, user_id=pk)
    except services.UserInvalid as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return redirect("accounts:user_detail", pk=pk)


@require_POST
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.user_deactivate, "已停用该账户：此人不能再登录。")


@require_POST
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.user_reactivate, "已恢复该账户：此人可以再次登录。")


@require_POST
def user_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    get_object_or_404(users_visible_to(request.user), pk=pk)
    try:
        new = services.user_password_reset(by=request.user, user_id=pk)
    except services.UserInvalid as exc:
        messages.error(request, str(exc))
        return redirect("accounts:user_detail", pk=pk)
    return _show_once(request, new, "reset")


@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    """Everyone changes their own password here; after a new login or a reset, every page leads here."""
    first = request.user.must_change_password
    form_class = FirstPasswordForm if first else OwnPasswordChangeForm
    form = form_class(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change_own(by=request.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, request.user)
        messages.success(request, "已设置新密码。以后请用新密码登录。")
        return redirect("home")
    return render(request, "accounts/password_change.html", {"form": form, "first": first})
