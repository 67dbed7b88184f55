"""Who is concerned by an event: the same bindings the scope selectors use (a county officer's
county, an operator's institution), among active users only."""

from django.db.models import QuerySet

from guifan.accounts.constants import Role
from guifan.accounts.models import User


def _active() -> QuerySet[User]:
    return User.objects.filter(is_active=True)


def city_admins() -> QuerySet[User]:
    return _active().filter(role=Role.CITY_ADMIN)


def inspectors() -> QuerySet[User]:
    return _active().filter(role=Role.INSPECTOR)


def auditors() -> QuerySet[User]:
    return _active().filter(role=Role.AUDITOR)


def county_officers(county_id: int) -> QuerySet[User]:
    return _active().filter(role=Role.COUNTY_OFFICER, county_id=county_id)


def operators(institution_id: int) -> QuerySet[User]:
    return _active().filter(role=Role.OPERATOR, institution_id=institution_id)


def institution_and_county(institution_id: int, county_id: int) -> list[User]:
    return [*operators(institution_id), *county_officers(county_id)]
