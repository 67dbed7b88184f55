"""验收通过 only after the (re-)inspection is complete and passing and every rectification is closed."""

from datetime import date
from decimal import Decimal

import pytest

from guifan.grading import domain, services
from guifan.grading.constants import Action, InspectionKind, State

from .conftest import move, pdf, score_all

pytestmark = pytest.mark.django_db

CITY = domain.InspectionFacts("city", True, False, "一级")
REINSPECTED = domain.InspectionFacts("reinspection", True, False, "一级")
REINSPECTING = domain.InspectionFacts("reinspection", False, False, "")


@pytest.mark.parametrize(
    ("state", "latest", "open_rectifications", "refused"),
    [
        (State.CITY_INSPECTION, CITY, 0, None),
        (State.CITY_INSPECTION, CITY, 1, "还有1项整改未完成复查"),
        (State.CITY_INSPECTION, domain.InspectionFacts("city", False, False, ""), 0, "请先完成本次检查评分"),
        (State.CITY_INSPECTION, None, 0, "请先完成本次检查评分"),
        (State.REINSPECTION, CITY, 0, "复查尚未进行"),  # the earlier city inspection does not count
        (State.REINSPECTION, CITY, 2, "复查尚未进行"),
        (State.REINSPECTION, REINSPECTING, 2, "复查评分尚未完成"),
        (State.REINSPECTION, REINSPECTED, 1, "还有1项整改未完成复查"),
        (State.REINSPECTION, REINSPECTED, 0, None),
        (State.REINSPECTION, domain.InspectionFacts("reinspection", True, True, "不予评定"), 0, "一票否决"),
    ],
)
def test_acceptance_waits_for_the_reinspection_and_every_rectification(
    state, latest, open_rectifications, refused
):
    message = domain.decision_refusal(Action.ACCEPT, state, latest, open_rectifications)
    if refused is None:
        assert message is None
    else:
        assert refused in message


def test_failing_under_reinspection_also_waits_for_the_reinspection():
    assert "复查尚未进行" in domain.decision_refusal(Action.FAIL, State.REINSPECTION, CITY, 1)
    assert domain.decision_refusal(Action.FAIL, State.REINSPECTION, REINSPECTED, 0) is None


@pytest.fixture
def under_reinspection(at_city_inspection, expert, operator):
    """The seed's case: city inspection done, two rectifications asked, answered, re-inspection begun."""
    application = at_city_inspection
    city = services.inspection_start(
        by=expert, application_id=application.pk, kind=InspectionKind.CITY, on=date(2022, 7, 12)
    )
    score_all(expert, city, low={"5.1": Decimal(2), "4.1": Decimal(5)})
    for code in ("5.1", "4.1"):
        services.rectification_request(
            by=expert,
            inspection_id=city.pk,
            item_id=application.standard.items.get(code=code).pk,
            request="整改",
            due=date(2022, 7, 30),
        )
    move(application, expert, Action.REQUIRE_RECTIFICATION)
    for rectification in application.rectifications.all():
        services.rectification_respond(
            by=operator, rectification_id=rectification.pk, response="已整改", upload=pdf()
        )
    move(application, operator, Action.SUBMIT_RECTIFICATION)
    return move(application, expert, Action.START_REINSPECTION)


def test_acceptance_is_refused_while_the_reinspection_is_not_done_and_rectifications_are_open(
    under_reinspection, expert
):
    application = under_reinspection
    assert application.rectifications.filter(closed=False).count() == 2
    with pytest.raises(domain.InvalidTransition, match="复查尚未进行"):
        move(application, expert, Action.ACCEPT)
    again = services.inspection_start(
        by=expert, application_id=application.pk, kind=InspectionKind.REINSPECTION, on=date(2022, 7, 25)
    )
    with pytest.raises(domain.InvalidTransition, match="复查评分尚未完成"):
        move(application, expert, Action.ACCEPT)
    application.refresh_from_db()
    assert application.state == State.REINSPECTION and not application.transitions.filter(action="accept")
    rescored = [r.item for r in application.rectifications.select_related("item")]
    services.inspection_save(
        by=expert,
        inspection_id=again.pk,
        scores={i.id: (i.max_points, "整改到位") for i in rescored},
        files={i.id: pdf() for i in rescored if i.evidence_required},
        complete=True,
    )
    assert not application.rectifications.filter(closed=False).exists()
    assert move(application, expert, Action.ACCEPT).state == State.ACCEPTED


def test_acceptance_is_refused_at_the_city_inspection_while_a_rectification_is_asked(
    at_city_inspection, expert
):
    application = at_city_inspection
    city = services.inspection_start(
        by=expert, application_id=application.pk, kind=InspectionKind.CITY, on=date(2022, 7, 12)
    )
    score_all(expert, city, low={"5.1": Decimal(2)})
    services.rectification_request(
        by=expert,
        inspection_id=city.pk,
        item_id=application.standard.items.get(code="5.1").pk,
        request="补齐消毒记录",
        due=date(2022, 7, 30),
    )
    with pytest.raises(domain.InvalidTransition, match="还有1项整改未完成复查，不能验收通过"):
        move(application, expert, Action.ACCEPT)
