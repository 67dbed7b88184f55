"""Reads of applications and their records, with the actor's scope applied."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from guifan.accounts.constants import Role
from guifan.audit.selectors import last_event
from guifan.core.computed import computed

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


def attachment_groups(application, inspections) -> list[tuple[str, list[Attachment]]]:
    """The application's files by the step they belong to: its own materials, each inspection (in
    order, with its date), then the rectification evidence; within a group by item. One query."""
    groups: dict[str, list[Attachment]] = {}
    headings = {
        f"inspection-{i.pk}": f"{i.get_kind_display()}（{i.on:%Y年%-m月%-d日}）佐证材料" for i in inspections
    }
    order = ["application", *headings, "rectification"]
    for attachment in (
        Attachment.objects.filter(application=application)
        .select_related("item")
        .order_by("item__order", "uploaded_at", "id")
    ):
        key = (
            attachment.purpose
            if attachment.purpose in headings or attachment.purpose == "rectification"
            else "application"
        )
        groups.setdefault(key, []).append(attachment)
    names = {"application": "申请材料", "rectification": "整改佐证材料", **headings}
    return [(names[key], groups[key]) for key in order if key in groups]


def _scope_key(user) -> tuple:
    """What applications_visible_to depends on: the same key, the same applications."""
    role = getattr(user, "role", None)
    if role in CITY_WIDE:
        return ("city-wide",)
    return (role, getattr(user, "county_id", None), getattr(user, "institution_id", None))


def funnel_of(user, programme) -> tuple[list[str], list[tuple[str, dict[str, int], int]], dict]:
    """The programme year's funnel as the user may see it, kept per version of the data (every view of
    the applications page would otherwise count the year's applications again)."""
    version = (_scope_key(user), getattr(programme, "pk", None), last_event())  # None: no year yet
    return computed(
        "funnel", version, lambda: funnel(applications_visible_to(user).filter(programme=programme))
    )


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


def programme_open_for_applications():
    """The programme year open for new applications: the newest one. A year closes for new
    applications when the next year is created. Execution dates are not used: a city often enters
    a year after its notice, when its dates may already be past, and applying must still work."""
    from guifan.funds.models import Programme

    return Programme.objects.order_by("-year").first()


def open_year_for(user, programme) -> bool:
    """Whether the user may start an application in that year: an operator whose institution is in
    a task county and has not applied yet; a county officer or the city when the year has task counties."""
    if programme is None or user.role not in {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.OPERATOR}:
        return False
    if user.role == Role.OPERATOR:
        institution = user.institution
        return (
            institution is not None
            and programme.counties.filter(pk=institution.county_id).exists()
            and not Application.objects.filter(programme=programme, institution=institution).exists()
        )
    if user.role == Role.COUNTY_OFFICER:
        return programme.counties.filter(pk=user.county_id).exists()
    return programme.counties.exists()


def current_batches() -> QuerySet[PublicityBatch]:
    return PublicityBatch.objects.select_related("programme")


def approved_applications(applications: QuerySet[Application], programme) -> QuerySet[Application]:
    """Council-approved applications of the programme year, in the seed table's order."""
    return (
        applications.filter(programme=programme, state__in=[State.COUNCIL_APPROVED, State.PAID])
        .select_related("institution", "county")
        .order_by("county__sort_order", "institution__name", "pk")
    )


def _paid_by_county(programme, approved: QuerySet[Application]) -> dict[int, int]:
    """Subsidy paid to each county of these applications in this programme year (fen, any funding
    year). It sums the year's payments, so it is kept per version of the data."""
    from guifan.funds.models import LedgerEntry

    counties = sorted(set(approved.order_by().values_list("county_id", flat=True).distinct()))

    def paid() -> dict[int, int]:
        payments = LedgerEntry.objects.filter(programme=programme, kind="payment", county_id__in=counties)
        return dict(
            payments.values("county_id")
            .annotate(total=Sum("amount"))
            .order_by()
            .values_list("county_id", "total")
        )

    return computed("paid_by_county", (programme.pk, tuple(counties), last_event()), paid)


def accepted_by_county(applications: QuerySet[Application], programme) -> list[tuple[list, int]]:
    """The seed's table: council-approved applications numbered and grouped by county, each group with
    the subsidy paid to its county in this programme year (fen, any funding year). Two queries."""
    approved = approved_applications(applications, programme)
    paid = _paid_by_county(programme, approved)
    groups: dict[int, list] = {}
    for number, application in enumerate(approved, start=1):
        groups.setdefault(application.county_id, []).append((number, application))
    return [(apps, paid.get(county_id) or 0) for county_id, apps in groups.items()]


@dataclass(frozen=True)
class AcceptedPage:
    """One page of the seed's table: the page's rows grouped by county, each group with its county's
    whole count and subsidy (so a county split over two pages shows its totals on both)."""

    groups: list[tuple[list, int, int]]  # ([(number, application)], county count, county paid)
    count: int
    amount: int


def accepted_page(applications: QuerySet[Application], programme, page) -> AcceptedPage:
    """The rows of one paginator page of the approved applications: four queries, whatever their number."""
    approved = approved_applications(applications, programme)
    counts = dict(
        approved.order_by().values("county_id").annotate(n=Count("id")).values_list("county_id", "n")
    )
    paid = _paid_by_county(programme, approved)
    groups: dict[int, list] = {}
    for number, application in enumerate(page.object_list, start=page.start_index()):
        groups.setdefault(application.county_id, []).append((number, application))
    return AcceptedPage(
        groups=[(apps, counts[county_id], paid.get(county_id) or 0) for county_id, apps in groups.items()],
        count=sum(counts.values()),
        amount=sum(paid.get(county_id) or 0 for county_id in counts),
    )
