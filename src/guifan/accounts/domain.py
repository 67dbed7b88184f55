"""What each role may do, as data. Pure: no Django imports beyond the role and field names.

Scope (which records) is applied by the selectors; these rules say which actions and fields.
"""

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
