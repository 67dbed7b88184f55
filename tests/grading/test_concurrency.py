"""Two transitions of the same application at the same moment, on two real database connections."""

import threading
import time

import pytest
from django.db import connection, connections

from guifan.grading import domain, services
from guifan.grading.constants import Action, State
from guifan.grading.models import Application, Transition

from .conftest import move

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL row locks; CI runs it there"
    ),
]


def test_approve_and_return_at_once_cannot_both_succeed(
    kunming, application, operator, panlong_officer, monkeypatch
):
    move(application, operator, Action.SUBMIT)
    check = services.workflow._check_preconditions

    def slow_check(application, action):
        """Widen the race: without the row lock both would see "submitted" here."""
        check(application, action)
        time.sleep(0.3)

    monkeypatch.setattr(services.workflow, "_check_preconditions", slow_check)
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def act(action, comment):
        try:
            start.wait()
            services.application_transition(
                by=panlong_officer, application_id=application.pk, action=action, comment=comment
            )
            outcomes.append("done")
        except domain.InvalidTransition:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=a) for a in [(Action.APPROVE, ""), (Action.RETURN, "补材料")]
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["done", "refused"]
    assert Transition.objects.filter(application=application, from_state=State.SUBMITTED).count() == 1
    assert Application.objects.get(pk=application.pk).state in {State.COUNTY_APPROVED, State.RETURNED}
