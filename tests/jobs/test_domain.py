"""The job's transition table, without a database."""

import pytest

from guifan.jobs import domain


@pytest.mark.parametrize(
    ("current", "target"),
    [("queued", "running"), ("running", "done"), ("running", "failed"), ("failed", "queued")],
)
def test_the_moves_a_job_makes(current, target):
    domain.check_transition(current, target)


@pytest.mark.parametrize(
    ("current", "target"), [("done", "queued"), ("queued", "done"), ("failed", "running"), ("done", "failed")]
)
def test_a_finished_job_stays_finished_and_nothing_skips_running(current, target):
    with pytest.raises(domain.InvalidTransition):
        domain.check_transition(current, target)
