"""A questionnaire's questions and options as plain frozen values, kept in process memory.

The answering link reads them on every GET and POST; a questionnaire's questions and options are
written once, with the questionnaire, and never edited (a change is a new version), so they are
loaded once per worker and kept under the questionnaire's id, version and time stamps: a new
version or any save of the questionnaire is a new key, and a reused id (a test database rolled
back) has other time stamps."""

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from .models import Questionnaire

KEEP = 64  # questionnaires kept per worker; the oldest used is dropped first


@dataclass(frozen=True, slots=True)
class SheetOption:
    id: int
    key: str
    label: str


@dataclass(frozen=True, slots=True)
class SheetQuestion:
    id: int
    number: int
    text: str
    kind: str
    required: bool
    options: tuple[SheetOption, ...]


@dataclass(frozen=True, slots=True)
class Sheet:
    """The questions in order, and what is drawn from them alone (the blank form's markup), kept
    as long as they are."""

    questions: tuple[SheetQuestion, ...]
    drawn: dict = field(default_factory=dict)


_kept: OrderedDict[tuple, Sheet] = OrderedDict()
_lock = threading.Lock()


def _key(questionnaire: Questionnaire) -> tuple:
    return (questionnaire.pk, questionnaire.version, questionnaire.created_at, questionnaire.updated_at)


def _load(questionnaire: Questionnaire) -> Sheet:
    questions = tuple(
        SheetQuestion(
            id=q.id,
            number=q.number,
            text=q.text,
            kind=q.kind,
            required=q.required,
            options=tuple(SheetOption(id=o.id, key=o.key, label=o.label) for o in q.options.all()),
        )
        for q in questionnaire.questions.prefetch_related("options")
    )
    return Sheet(questions=questions)


def questionnaire_sheet(questionnaire: Questionnaire) -> Sheet:
    """The questions in order, each with its options in order, as the answering page shows them."""
    key = _key(questionnaire)
    with _lock:
        found = _kept.get(key)
        if found is not None:
            _kept.move_to_end(key)
            return found
    loaded = _load(questionnaire)
    with _lock:
        _kept[key] = loaded
        while len(_kept) > KEEP:
            _kept.popitem(last=False)
    return loaded


def forget_all() -> None:
    """Empty the kept sheets (tests that rewrite questions behind the services' back)."""
    with _lock:
        _kept.clear()
