from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from .forms import LoginForm


@method_decorator(login_not_required, name="dispatch")
class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


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
