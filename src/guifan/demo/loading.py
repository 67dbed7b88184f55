"""The Kunming 2022 demo: the seed report's institutions and one login per role. Idempotent."""

import json
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from guifan.accounts.constants import Role
from guifan.accounts.models import User
from guifan.accounts.services import user_create
from guifan.funds.models import Programme
from guifan.regions.models import Region
from guifan.regions.selectors import region_index
from guifan.registry.constants import InstitutionStatus
from guifan.registry.domain import guess_legal_form
from guifan.registry.models import Institution
from guifan.registry.services import institution_create
from guifan.surveys.loading import load_survey_file

from .evaluation import load_evaluation_demo
from .funds import load_funds_demo
from .supervision import load_supervision_demo

DEMO_FILE = Path(__file__).parent / "kunming-2022.json"
FIRST_DEMO_PHONE = 13800000001


@dataclass
class DemoLogin:
    username: str
    password: str
    role: str
    scope: str


def load_demo() -> list[DemoLogin]:
    """Create what is missing; what already exists is left as it is, so a second run changes nothing."""
    data = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    regions = region_index()
    with transaction.atomic():
        admin = _ensure_user(None, data["password"], data["users"][0], {})
        institutions = {}
        for number, item in enumerate(data["institutions"]):
            county = Region.objects.get(pk=regions.resolve(item["county"]).county_id)
            zone = Region.objects.get(pk=regions.resolve(item["zone"]).id) if item.get("zone") else None
            institution = Institution.objects.filter(county=county, name=item["name"]).first()
            if institution is None:
                institution = institution_create(
                    by=admin,
                    data={
                        "name": item["name"],
                        "county": county,
                        "zone": zone,
                        "legal_form": guess_legal_form(item["name"]),
                        "responsible_person": item["responsible_person"],
                        "phone": str(FIRST_DEMO_PHONE + number),
                        "status": InstitutionStatus.OPEN,
                    },
                )
            institutions[item["name"]] = institution
        logins = []
        for item in data["users"]:
            user = _ensure_user(admin, data["password"], item, institutions)
            scope = (
                user.county.name if user.county else (user.institution.name if user.institution else "全市")
            )
            logins.append(DemoLogin(user.username, data["password"], user.get_role_display(), scope))
        load_funds_demo(admin)
        load_survey_file(by=admin, programme=Programme.objects.get(year=2022))
        load_evaluation_demo(admin, Programme.objects.get(year=2022))
        load_supervision_demo(admin)
    return logins


def _ensure_user(by, password: str, item: dict, institutions: dict) -> User:
    if user := User.objects.filter(username=item["username"]).first():
        return user
    county = Region.objects.get(name=item["county"]) if item.get("county") else None
    return user_create(
        by=by,
        username=item["username"],
        password=password,
        role=Role(item["role"]),
        full_name=item["full_name"],
        county=county,
        institution=institutions.get(item.get("institution")),
    )
