from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, SetPasswordForm
from django.contrib.auth.validators import UnicodeUsernameValidator

from guifan.core.forms import Form, GuifanFormMixin
from guifan.regions.selectors import counties
from guifan.registry.selectors import institutions_visible_to

from . import domain, services
from .addresses import request_address
from .constants import Role
from .models import User
from .selectors import username_taken


class LoginForm(GuifanFormMixin, AuthenticationForm):
    """Django's sign-in with throttling and messages that say what to do next."""

    error_messages = {
        "invalid_login": "用户名或密码不正确。请检查后重试（区分大小写）。",
        "inactive": "该账户已停用，请联系市级管理员。",
        "locked": "登录失败次数过多，该账户已暂时锁定。请15分钟后再试，或联系市级管理员。",
        "address_locked": (
            "从您所在网络登录失败的次数过多，已暂时停止从该网络登录。请15分钟后再试，或联系市级管理员。"
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        # No autofocus: it would make screen readers skip the page heading and the explanation.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autocapitalize": "none"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip_address = request_address(self.request) if self.request else None
        lock = services.login_lock(username=username, ip_address=ip_address) if username else None
        if lock == services.ADDRESS_LOCKED:
            raise forms.ValidationError(self.error_messages["address_locked"], code="address_locked")
        if lock:
            raise forms.ValidationError(self.error_messages["locked"], code="locked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if username:
                services.login_failure_record(username=username, ip_address=ip_address)
            raise
        services.login_failures_clear(username=username)
        return cleaned


def _institution_choices(institutions, empty_label: str) -> list:
    """The institutions as a select grouped by county, so a long city list stays findable."""
    groups: dict[str, list] = {}
    for institution in institutions.order_by("county__sort_order", "county__code", "name"):
        groups.setdefault(institution.county.name, []).append((institution.pk, institution.name))
    return [("", empty_label), *groups.items()]


class UserForm(Form):
    """A login's name, role and binding; on a new login also the user name and initial password.

    Every field is shown whatever the role (the page works without JavaScript); the hints say
    which roles need the county or the institution, and the server checks it."""

    mark_optional = False  # county and institution are needed by some roles only: labels say so

    username = forms.CharField(
        label="用户名",
        max_length=150,
        validators=[UnicodeUsernameValidator(message="用户名只能包含字母、数字和 @ . + - _")],
        help_text="登录时输入，如 qingyu；可用字母、数字和 @ . + - _，不能与已有用户名相同（不区分大小写）",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )
    full_name = forms.CharField(label="姓名（选填）", max_length=50, required=False)
    role = forms.ChoiceField(label="角色", choices=Role.choices, widget=forms.RadioSelect)
    county = forms.ModelChoiceField(
        label="所属县区（县区经办必填）",
        queryset=counties(),
        required=False,
        empty_label="不绑定县区",
        error_messages={"invalid_choice": "所选县区不存在，请从列表中选择"},
        help_text="县区经办只能看到和办理所选县区的事项。其他角色选“不绑定县区”。",
    )
    institution = forms.ModelChoiceField(
        label="所属机构（机构用户必填）",
        queryset=institutions_visible_to(None),
        required=False,
        empty_label="不绑定机构",
        error_messages={"invalid_choice": "所选机构不在您可管理的机构中，请从列表中选择"},
        help_text="机构用户只能看到本机构的事项；列表按县区分组。其他角色选“不绑定机构”。",
    )
    password = forms.CharField(
        label="初始密码（选填）",
        required=False,
        strip=False,
        help_text="留空则自动生成（如 k7mq-p3xz-9hta）。保存后只显示一次；对方首次登录时须设置自己的密码。",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )

    def __init__(self, *args, by, instance=None, **kwargs):
        self.by = by
        self.instance = instance
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "full_name": instance.full_name,
                    "role": instance.role,
                    "county": instance.county_id,
                    "institution": instance.institution_id,
                },
            )
        super().__init__(*args, **kwargs)
        if instance is not None:
            del self.fields["username"], self.fields["password"]
        self.fields["institution"].queryset = institutions_visible_to(by)
        if by.role == Role.COUNTY_OFFICER:
            # A county officer gives logins to their county's operators only: no role, no county.
            del self.fields["role"], self.fields["county"]
            self.fields["institution"].label = "所属机构"
            self.fields["institution"].empty_label = "请选择"
            self.fields["institution"].help_text = f"{by.county.name}的机构"
        field = self.fields["institution"]
        field.choices = _institution_choices(field.queryset, field.empty_label)

    def clean_username(self):
        username = self.cleaned_data["username"].strip()
        if username_taken(username):
            raise forms.ValidationError(f"用户名“{username}”已被使用，请换一个")
        return username

    def clean_password(self):
        password = self.cleaned_data.get("password", "")
        if password:
            try:
                someone = User(
                    username=self.cleaned_data.get("username", ""),
                    full_name=self.cleaned_data.get("full_name", ""),
                )
                password_validation.validate_password(password, user=someone)
            except forms.ValidationError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return password

    def clean(self):
        cleaned = super().clean()
        role = self.chosen_role
        if role in Role.values:
            errors = domain.binding_errors(
                role,
                has_county=cleaned.get("county") is not None,
                has_institution=cleaned.get("institution") is not None,
            )
            for name, message in errors.items():
                if name not in self.errors:
                    self.add_error(name if name in self.fields else None, message)
        return cleaned

    @property
    def chosen_role(self) -> str:
        if "role" not in self.fields:
            return Role.OPERATOR
        return self.cleaned_data.get("role", "")

    def service_data(self) -> dict:
        """What the services take: the fields on the form, with a county officer's fixed role."""
        data = {name: self.cleaned_data[name] for name in self.fields}
        data["role"] = self.chosen_role
        data.setdefault("county", None)
        return data

    def show_errors(self, exc: services.UserInvalid) -> None:
        for name, message in exc.errors.items():
            self.add_error(name if name in self.fields else None, message)


class UserFilterForm(Form):
    mark_optional = False

    q = forms.CharField(label="搜索", required=False, help_text="用户名、姓名或机构名称")
    role = forms.ChoiceField(label="角色", required=False, choices=[("", "全部角色"), *Role.choices])
    county = forms.ModelChoiceField(label="县区", queryset=counties(), required=False, empty_label="全部县区")

    def __init__(self, *args, by, **kwargs):
        super().__init__(*args, **kwargs)
        if by.role != Role.CITY_ADMIN:
            del self.fields["role"], self.fields["county"]


_NEW_PASSWORD_HINT = "至少10个字符；不能全是数字，不能是常见密码，不要与用户名或姓名相近。"


def _new_password_fields() -> tuple[forms.CharField, forms.CharField]:
    return (
        forms.CharField(
            label="新密码",
            strip=False,
            help_text=_NEW_PASSWORD_HINT,
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
        forms.CharField(
            label="再次输入新密码",
            strip=False,
            help_text="与上面的新密码相同",
            widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        ),
    )


class _NewPasswordMixin(GuifanFormMixin):
    error_messages = {
        "password_mismatch": "两次输入的新密码不一致，请重新输入",
        "password_incorrect": "当前密码不正确，请重新输入",
    }

    def clean(self):
        # Django checks the validators on the second field; the message belongs to the first.
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return forms.Form.clean(self)


class FirstPasswordForm(_NewPasswordMixin, SetPasswordForm):
    """At first sign-in (or after a reset) the person has just typed the password they were given."""

    new_password1, new_password2 = _new_password_fields()


class OwnPasswordChangeForm(_NewPasswordMixin, PasswordChangeForm):
    old_password = forms.CharField(
        label="当前密码", strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password1, new_password2 = _new_password_fields()
