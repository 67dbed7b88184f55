"""Reads of applications and their records, with the actor's scope applied."""

from collections import defaultdict

from django.db.models import Count, QuerySet, Sum

from guifan.accounts.constants import Role

from .constants import State
from .models import Application, Attachment, Inspection, PublicityBatch, Rectification

CITY_WIDE = {Role.CITY_ADMIN, Role.INSPECTOR, Role.AUDITOR}


def applications_visible_to(user) -> QuerySet[Application]:
    """City-wide roles see all; a county officer their county; an operator their institution's."""
    applications = Application.objects.select_related("institution", "county", "programme")
    role = getattr(user, "role", None)
    if role in CITY_WIDE:
        return applications
    if role == Role.COUNTY_OFFICER and user.county_id:
        return applications.filter(county_id=user.county_id)
    if role == Role.OPERATOR and user.institution_id:
        return applications.filter(institution_id=user.institution_id)
    return applications.none()


def inspections_visible_to(user) -> QuerySet[Inspection]:
    return Inspection.objects.filter(application__in=applications_visible_to(user)).select_related(
        "application__institution", "application__standard", "inspector"
    )


def rectifications_visible_to(user) -> QuerySet[Rectification]:
    return Rectification.objects.filter(application__in=applications_visible_to(user)).select_related(
        "application__institution", "item"
    )


def attachments_visible_to(user) -> QuerySet[Attachment]:
    return Attachment.objects.filter(application__in=applications_visible_to(user))


def funnel(
    applications: QuerySet[Application],
) -> tuple[list[str], list[tuple[str, dict[str, int], int]], dict]:
    """How many applications are at each step, per county: one GROUP BY whatever the number of rows.

    Returns (the states that occur, in workflow order; rows of (county, {state: n}, total); totals)."""
    counts = (
        applications.order_by().values("county__name", "county__sort_order", "state").annotate(n=Count("id"))
    )
    per_county: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    totals: dict[str, int] = defaultdict(int)
    for row in counts:
        per_county[(row["county__sort_order"], row["county__name"])][row["state"]] = row["n"]
        totals[row["state"]] += row["n"]
    states = [s for s in State.values if totals.get(s)]
    rows = [(name, by_state, sum(by_state.values())) for (_, name), by_state in sorted(per_county.items())]
    return states, rows, dict(totals)


def current_batches() -> QuerySet[PublicityBatch]:
    return PublicityBatch.objects.select_related("programme")


def official_grades(institution) -> QuerySet[Application]:
    """The institution's council-approved grades, newest first (for its registry page)."""
    return (
        Application.objects.filter(institution=institution, state__in=[State.COUNCIL_APPROVED, State.PAID])
        .select_related("decision", "programme")
        .order_by("-programme__year")
    )


def accepted_by_county(applications: QuerySet[Application], programme) -> list[tuple[list, int]]:
    """The seed's table: council-approved applications numbered and grouped by county, each group with
    the subsidy paid to its county in this programme year (fen, any funding year). Two queries."""
    from guifan.funds.models import LedgerEntry

    approved = (
        applications.filter(programme=programme, state__in=[State.COUNCIL_APPROVED, State.PAID])
        .select_related("institution", "county")
        .order_by("county__sort_order", "institution__name")
    )
    paid = dict(
        LedgerEntry.objects.filter(programme=programme, kind="payment", county__in=approved.values("county"))
        .values("county_id")
        .annotate(total=Sum("amount"))
        .order_by()
        .values_list("county_id", "total")
    )
    groups: dict[int, list] = {}
    for number, application in enumerate(approved, start=1):
        groups.setdefault(application.county_id, []).append((number, application))
    return [(apps, paid.get(county_id) or 0) for county_id, apps in groups.items()]
