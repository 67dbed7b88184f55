"""A job's states and the moves between them: the one table every change of state is checked
against. Pure Python."""

QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"

TRANSITIONS: frozenset[tuple[str, str]] = frozenset(
    {
        (QUEUED, RUNNING),  # a worker claims it
        (RUNNING, DONE),  # the work ended (imported, rejected with its rows, checked, written)
        (RUNNING, FAILED),  # the work raised, or the worker died (heartbeat silent)
        (FAILED, QUEUED),  # the person retries it
    }
)


class InvalidTransition(Exception):
    """The move is not in TRANSITIONS, or another process moved the job first."""


def check_transition(current: str, target: str) -> None:
    if (current, target) not in TRANSITIONS:
        raise InvalidTransition(f"任务不能从“{current}”变为“{target}”")
