from django import forms
from django.contrib.auth.forms import AuthenticationForm

from guifan.core.forms import GuifanFormMixin

from . import services


class LoginForm(GuifanFormMixin, AuthenticationForm):
    """Django's sign-in with throttling and messages that say what to do next."""

    error_messages = {
        "invalid_login": "用户名或密码不正确。请检查后重试（区分大小写）。",
        "inactive": "该账户已停用，请联系市级管理员。",
        "locked": "登录失败次数过多，该账户已暂时锁定。请15分钟后再试，或联系市级管理员。",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # No autofocus: it would make screen readers skip the page heading and the explanation.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip_address = self.request.META.get("REMOTE_ADDR") if self.request else None
        if username and services.login_locked(username=username, ip_address=ip_address):
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                services.login_failure_record(username=username, ip_address=ip_address)
            raise
        services.login_failures_clear(username=username)
        return cleaned
