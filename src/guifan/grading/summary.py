"""The grading part of the programme summary: applications per state and county, and the grades."""

from typing import Any

from .constants import State
from .models import Application
from .selectors import funnel

OFFICIAL = [State.COUNCIL_APPROVED, State.PAID]


def grading_summary(programme) -> dict[str, Any]:
    applications = Application.objects.filter(programme=programme)
    states, rows, totals = funnel(applications)
    graded = (
        applications.filter(state__in=OFFICIAL)
        .select_related("institution", "county", "decision")
        .order_by("county__sort_order", "institution__name")
    )
    return {
        "applications": {
            "total": sum(totals.values()),
            "by_state": {s: totals[s] for s in states},
            "by_county": {name: dict(by_state) for name, by_state, _ in rows},
            "state_labels": {s: State(s).label for s in states},
        },
        "approved_institutions": [
            {
                "institution": a.institution.name,
                "county": a.county.name,
                "score": str(a.score),
                "grade": a.grade,
                "decision": a.decision.number if a.decision else "",
                "paid": a.state == State.PAID,
            }
            for a in graded
        ],
    }
