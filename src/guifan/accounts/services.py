"""Sign-in throttling and logins: one function per change, scope-checked and audited.

Passwords never reach the audit trail: a reset or a change is recorded as having happened."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from guifan.audit.constants import AuditAction
from guifan.audit.domain import field_changes
from guifan.audit.services import audit_record
from guifan.core.exceptions import ScopeViolation
from guifan.registry.selectors import institutions_visible_to

from . import domain
from .constants import Role
from .models import LoginFailure, User
from .selectors import username_taken, users_visible_to


def _now():
    return timezone.now()


ACCOUNT_LOCKED = "account"
ADDRESS_LOCKED = "address"


def login_lock(*, username: str, ip_address: str | None) -> str | None:
    """Why a sign-in is refused before the password is checked: the account failed too often within
    the window (ACCOUNT_LOCKED), or the address did (ADDRESS_LOCKED, only when a per-address limit
    is set: behind a proxy or in an office everyone shares one address), else None."""
    since = _now() - timedelta(seconds=settings.GUIFAN_LOGIN_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(username__iexact=username).count() >= settings.GUIFAN_LOGIN_MAX_FAILURES:
        return ACCOUNT_LOCKED
    per_address = settings.GUIFAN_LOGIN_MAX_FAILURES_PER_ADDRESS
    if per_address and ip_address and recent.filter(ip_address=ip_address).count() >= per_address:
        return ADDRESS_LOCKED
    return None


def login_failure_record(*, username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], ip_address=ip_address)


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(Q(username__iexact=username)).delete()


class UserInvalid(ValueError):
    """The login cannot be saved as given; `errors` maps each field to its Chinese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class NewPassword:
    """A login and the password someone else chose for it, shown once to that someone."""

    user: User
    password: str
    generated: bool


# The fields of a login that pages change and the trail records (never the password).
AUDITED_FIELDS = ["username", "role", "full_name", "county_id", "institution_id", "is_active"]


def _snapshot(user: User) -> dict:
    return {name: getattr(user, name) for name in AUDITED_FIELDS}


def _check_binding(*, by, role: str, county, institution) -> None:
    """The binding fits the role, and a county officer stays within their county's operators."""
    if errors := domain.binding_errors(
        role, has_county=county is not None, has_institution=institution is not None
    ):
        raise UserInvalid(errors)
    if by is None:
        return
    if role not in domain.roles_creatable_by(by.role):
        raise ScopeViolation(f"无权设置“{Role(role).label}”账户")
    if by.role == Role.COUNTY_OFFICER and not institutions_visible_to(by).filter(pk=institution.pk).exists():
        raise ScopeViolation("只能为本县区的机构设置账户")


def user_create(
    *,
    by: User | None,
    username: str,
    password: str,
    role: Role,
    full_name: str = "",
    county=None,
    institution=None,
    must_change_password: bool = False,
) -> User:
    """Create a login with the given password. `by` None is the system (the demo, the command line).
    Pages and the command use `login_create`, which makes the person replace the password."""
    username = username.strip()
    if not username:
        raise UserInvalid({"username": "请填写用户名"})
    with transaction.atomic():
        _check_binding(by=by, role=role, county=county, institution=institution)
        if username_taken(username):
            raise UserInvalid({"username": f"用户名“{username}”已被使用，请换一个"})
        user = User(
            username=username,
            role=role,
            full_name=full_name.strip(),
            county=county,
            institution=institution,
            must_change_password=must_change_password,
        )
        user.set_password(password)
        user.save()
        audit_record(by=by, action=AuditAction.CREATE, obj=user, changes=field_changes({}, _snapshot(user)))
    return user


def login_create(
    *,
    by: User | None,
    username: str,
    role: Role,
    full_name: str = "",
    county=None,
    institution=None,
    password: str = "",
) -> NewPassword:
    """A login for someone else: with the password typed by its creator, or a generated one; the
    person sets their own at first sign-in."""
    generated = not password
    password = password or domain.initial_password()
    user = user_create(
        by=by,
        username=username,
        password=password,
        role=role,
        full_name=full_name,
        county=county,
        institution=institution,
        must_change_password=True,
    )
    return NewPassword(user=user, password=password, generated=generated)


def _locked(*, by: User, user_id: int) -> User:
    user = users_visible_to(by).select_for_update(of=("self",)).filter(pk=user_id).first()
    if user is None:
        raise ScopeViolation("无权修改该账户")
    return user


def user_update(*, by: User, user_id: int, data: dict) -> User:
    """Change a login's name, role or binding. A county officer keeps it an operator of their county;
    nobody changes their own role (they could lock themselves out)."""
    with transaction.atomic():
        user = _locked(by=by, user_id=user_id)
        before = _snapshot(user)
        for name in ("full_name", "role", "county", "institution"):
            if name in data:
                setattr(user, name, data[name])
        user.full_name = user.full_name.strip()
        if user.pk == by.pk and user.role != before["role"]:
            raise UserInvalid({"role": "不能修改自己的角色，请由另一位市级管理员修改"})
        _check_binding(by=by, role=user.role, county=user.county, institution=user.institution)
        changes = field_changes(before, _snapshot(user))
        if changes:
            user.save()
            audit_record(by=by, action=AuditAction.UPDATE, obj=user, changes=changes)
    return user


def _set_active(*, by: User, user_id: int, active: bool) -> User:
    with transaction.atomic():
        user = _locked(by=by, user_id=user_id)
        if user.pk == by.pk and not active:
            raise UserInvalid({"is_active": "不能停用自己的账户"})
        if user.is_active != active:
            before = _snapshot(user)
            user.is_active = active
            user.save(update_fields=["is_active"])
            audit_record(
                by=by, action=AuditAction.UPDATE, obj=user, changes=field_changes(before, _snapshot(user))
            )
    return user


def user_deactivate(*, by: User, user_id: int) -> User:
    """The person can no longer sign in, and a session they have open ends at its next request."""
    return _set_active(by=by, user_id=user_id, active=False)


def user_reactivate(*, by: User, user_id: int) -> User:
    return _set_active(by=by, user_id=user_id, active=True)


def user_password_reset(*, by: User, user_id: int) -> NewPassword:
    """A new generated password, shown once to `by`; the person must replace it at next sign-in."""
    with transaction.atomic():
        user = _locked(by=by, user_id=user_id)
        if user.pk == by.pk:
            raise UserInvalid({"password": "不能重置自己的密码，请使用“修改密码”"})
        password = domain.initial_password()
        user.set_password(password)
        user.must_change_password = True
        user.save(update_fields=["password", "must_change_password"])
        audit_record(
            by=by,
            action=AuditAction.UPDATE,
            obj=user,
            changes={"password": ["", "已重置（新初始密码不记录）"]},
            note="重置密码",
        )
        login_failures_clear(username=user.username)
    return NewPassword(user=user, password=password, generated=True)


def password_change_own(*, by: User, password: str) -> User:
    """The person sets their own password (validated by the form with Django's validators)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=by.pk)
        user.set_password(password)
        user.must_change_password = False
        user.save(update_fields=["password", "must_change_password"])
        audit_record(
            by=user,
            action=AuditAction.UPDATE,
            obj=user,
            changes={"password": ["", "已修改（不记录）"]},
            note="修改密码",
        )
    by.password, by.must_change_password = user.password, False
    return user
