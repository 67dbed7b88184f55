"""Sign-in throttling and user set-up."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from guifan.audit.constants import AuditAction
from guifan.audit.domain import field_changes
from guifan.audit.services import audit_record

from .constants import Role
from .models import LoginFailure, User


def _now():
    return timezone.now()


def login_locked(*, username: str, ip_address: str | None) -> bool:
    """True when the account or the address has failed too often within the window."""
    since = _now() - timedelta(seconds=settings.GUIFAN_LOGIN_WINDOW_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=since)
    limit = settings.GUIFAN_LOGIN_MAX_FAILURES
    if recent.filter(username__iexact=username).count() >= limit:
        return True
    # An address gets more room than one account: an office shares one address.
    return bool(ip_address) and recent.filter(ip_address=ip_address).count() >= limit * 4


def login_failure_record(*, username: str, ip_address: str | None) -> None:
    LoginFailure.objects.create(username=username[:150], ip_address=ip_address)


def login_failures_clear(*, username: str) -> None:
    LoginFailure.objects.filter(Q(username__iexact=username)).delete()


def user_create(
    *,
    by: User | None,
    username: str,
    password: str,
    role: Role,
    full_name: str = "",
    county=None,
    institution=None,
) -> User:
    with transaction.atomic():
        user = User(username=username, role=role, full_name=full_name, county=county, institution=institution)
        user.set_password(password)
        user.save()
        audit_record(
            by=by,
            action=AuditAction.CREATE,
            obj=user,
            changes=field_changes(
                {},
                {
                    "username": username,
                    "role": role,
                    "full_name": full_name,
                    "county_id": getattr(county, "pk", None),
                    "institution_id": getattr(institution, "pk", None),
                },
            ),
        )
    return user
