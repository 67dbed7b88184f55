"""What each role may do, as data. Pure: no Django imports beyond the role and field names.

Scope (which records) is applied by the selectors; these rules say which actions and fields.
"""

import secrets
from collections.abc import Callable

from guifan.registry.constants import INSTITUTION_FIELDS

from .constants import Role

READS_WHOLE_CITY = frozenset({Role.CITY_ADMIN, Role.AUDITOR, Role.INSPECTOR})
SEES_PERSONAL_DATA = frozenset({Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.OPERATOR})
READS_AUDIT_LOG = frozenset({Role.CITY_ADMIN, Role.AUDITOR})
CREATES_INSTITUTIONS = frozenset({Role.CITY_ADMIN, Role.COUNTY_OFFICER})
IMPORTS_INSTITUTIONS = frozenset({Role.CITY_ADMIN, Role.COUNTY_OFFICER})

_ALL_INSTITUTION_FIELDS = frozenset(INSTITUTION_FIELDS)
# An operator keeps their contact details and staff numbers current; identity fields are the county's.
_OPERATOR_FIELDS = frozenset({"address", "responsible_person", "phone", "staff_count", "blind_staff_count"})

INSTITUTION_FIELDS_EDITABLE = {
    Role.CITY_ADMIN: _ALL_INSTITUTION_FIELDS,
    Role.COUNTY_OFFICER: _ALL_INSTITUTION_FIELDS - {"county"},
    Role.OPERATOR: _OPERATOR_FIELDS,
}


def institution_fields_editable_by(role: str) -> frozenset[str]:
    return INSTITUTION_FIELDS_EDITABLE.get(role, frozenset())


# Who manages logins, and which roles each may create. A county officer gives logins to the
# institutions of their own county only; the selectors and services enforce the county.
MANAGES_USERS = frozenset({Role.CITY_ADMIN, Role.COUNTY_OFFICER})
CREATABLE_ROLES = {
    Role.CITY_ADMIN: frozenset(Role),
    Role.COUNTY_OFFICER: frozenset({Role.OPERATOR}),
}


def roles_creatable_by(role: str) -> frozenset[str]:
    return CREATABLE_ROLES.get(role, frozenset())


# What each role is bound to: a county officer to a county, an operator to an institution.
NEEDS_COUNTY = frozenset({Role.COUNTY_OFFICER})
NEEDS_INSTITUTION = frozenset({Role.OPERATOR})


def binding_errors(role: str, *, has_county: bool, has_institution: bool) -> dict[str, str]:
    """{field: message} for a binding that does not fit the role; empty when it fits.

    Each role has exactly the binding it needs: a stray county or institution would widen or
    confuse what the person sees, so it is refused rather than silently dropped."""
    label = Role(role).label if role in Role.values else role
    errors = {}
    if role in NEEDS_COUNTY and not has_county:
        errors["county"] = f"{label}须选择所属县区"
    if role not in NEEDS_COUNTY and has_county:
        errors["county"] = f"{label}不绑定县区：所属县区请留空（选“不绑定县区”）" + (
            "，县区由所属机构决定" if role in NEEDS_INSTITUTION else ""
        )
    if role in NEEDS_INSTITUTION and not has_institution:
        errors["institution"] = f"{label}须选择所属机构"
    if role not in NEEDS_INSTITUTION and has_institution:
        errors["institution"] = f"{label}不绑定机构：所属机构请留空（选“不绑定机构”）"
    return errors


# Initial passwords are read aloud or written down, so they avoid look-alikes (0/o, 1/l/i).
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_GROUPS = 3
PASSWORD_GROUP_LENGTH = 4


def initial_password(choice: Callable[[str], str] = secrets.choice) -> str:
    """Three groups of four unambiguous characters, e.g. "k7mq-p3xz-9hta" (about 59 bits)."""
    return "-".join(
        "".join(choice(PASSWORD_ALPHABET) for _ in range(PASSWORD_GROUP_LENGTH))
        for _ in range(PASSWORD_GROUPS)
    )
