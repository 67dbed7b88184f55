"""Reads of surveys: scope, and results computed from counts (online, paper and tallies)."""

from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

from django.db.models import Count, Q, QuerySet, Sum

from guifan.accounts.constants import Role
from guifan.audit.selectors import last_event
from guifan.core.computed import computed

from . import domain
from .constants import QuestionKind, Source
from .models import Answer, Distribution, Question, Questionnaire, Response, Tally

READERS = {Role.CITY_ADMIN, Role.COUNTY_OFFICER, Role.AUDITOR}


def questionnaires_visible_to(user) -> QuerySet[Questionnaire]:
    """Results are read city-wide by the city and auditors; a county officer reads their county's."""
    if user.role not in READERS:
        return Questionnaire.objects.none()
    return Questionnaire.objects.select_related("programme")


def copy_sources(user) -> QuerySet[Questionnaire]:
    """Questionnaires a new survey may copy: the newest version of each year's."""
    newest = {}
    for q in questionnaires_visible_to(user).order_by("programme__year", "version", "id"):
        newest[q.programme_id] = q.pk
    return (
        Questionnaire.objects.filter(pk__in=newest.values())
        .select_related("programme")
        .order_by("-programme__year")
    )


def draft_of(questionnaire: Questionnaire) -> domain.QuestionnaireDraft:
    """A questionnaire as plain data: its questions, options and their weights (two queries)."""
    questions = questionnaire.questions.prefetch_related("options").order_by("number")
    return domain.QuestionnaireDraft(
        title=questionnaire.title,
        intro=questionnaire.intro,
        preset=questionnaire.preset,
        year=questionnaire.programme.year,
        ask_county=questionnaire.ask_county,
        ask_type=questionnaire.ask_type,
        questions=tuple(
            domain.QuestionDraft(
                text=q.text,
                kind=q.kind,
                points=q.points,
                required=q.required,
                options=tuple((o.key, o.label, o.weight) for o in q.options.all()),
            )
            for q in questions
        ),
    )


def distributions_with_counts(questionnaire: Questionnaire) -> QuerySet[Distribution]:
    """Each link with `submitted` (complete answer sheets: what 已收 means, the same as the online
    count of the results) and `unfinished` (runs started and not submitted, never counted)."""
    return questionnaire.distributions.annotate(
        submitted=Count("responses", filter=Q(responses__complete=True), distinct=True),
        unfinished=Count("responses", filter=Q(responses__complete=False), distinct=True),
        token_count=Count("tokens", distinct=True),
    ).order_by("created_at", "pk")


def county_scope(user, requested: int | None) -> int | None:
    """The county whose results the user sees: their own for a county officer, else as requested."""
    return user.county_id if user.role == Role.COUNTY_OFFICER else requested


@dataclass
class Results:
    questionnaire: Questionnaire
    questions: list[Question]
    result: domain.SurveyResult
    by_source: dict[str, int]  # valid questionnaires per source label
    keys: tuple[str, ...]
    labels: tuple[str, ...]
    counties_answered: list[str]
    surveyed: list[str]

    @cached_property
    def rows(self):
        """(question, QuestionResult, displayed shares, displayed option scores): worked out with
        fractions once, and kept with the results (a results page reads them four times)."""
        return [
            (q, r, r.display_shares, [domain.to_decimal(s) for s in r.option_scores])
            for q, r in zip(self.questions, self.result.questions, strict=True)
        ]


def answers_version(questionnaire: Questionnaire | None = None) -> tuple:
    """The version of survey data: the last audited write, and the last answer sheet submitted online
    (by a respondent, so not audited) — of one questionnaire, or of any."""
    # submitted_at is set when, and only when, a sheet is complete; a filter on the boolean itself
    # would keep SQLite from the index.
    responses = Response.objects.filter(submitted_at__isnull=False)
    if questionnaire is not None:
        responses = responses.filter(questionnaire=questionnaire)
    last = responses.order_by("-submitted_at").values_list("submitted_at", flat=True).first()
    return (*last_event(), last.isoformat() if last else "")


def distribution_counts(questionnaire: Questionnaire) -> list[Distribution]:
    """distributions_with_counts, kept per version: a new sheet, even unfinished, is a new response."""
    last_response = questionnaire.responses.order_by("-pk").values_list("pk", flat=True).first()
    version = (questionnaire.pk, answers_version(questionnaire), last_response)
    return computed("distribution_counts", version, lambda: list(distributions_with_counts(questionnaire)))


def survey_results(questionnaire: Questionnaire, *, county_id: int | None = None) -> Results:
    """Counts per question and option from complete answers and tallies, computed once per version
    of the questionnaire's data (every page that shows them would otherwise group every answer)."""
    return computed(
        "survey_results",
        (questionnaire.pk, county_id, answers_version(questionnaire)),
        lambda: _survey_results(questionnaire, county_id=county_id),
    )


def _survey_results(questionnaire: Questionnaire, *, county_id: int | None = None) -> Results:
    """Two GROUP BY queries over the answers and tallies, and a few counts."""
    questions = list(questionnaire.questions.filter(kind=QuestionKind.SCALE).prefetch_related("options"))
    counts: dict[tuple[int, str], int] = defaultdict(int)
    answers = Answer.objects.filter(
        response__questionnaire=questionnaire, response__complete=True, option__isnull=False
    )
    tallies = Tally.objects.filter(questionnaire=questionnaire)
    if county_id:
        answers, tallies = answers.filter(response__county_id=county_id), tallies.filter(county_id=county_id)
    for row in answers.values("question_id", "option__key").annotate(n=Count("id")).order_by():
        counts[(row["question_id"], row["option__key"])] += row["n"]
    for row in tallies.values("question_id", "option__key").annotate(n=Sum("count")).order_by():
        counts[(row["question_id"], row["option__key"])] += row["n"]
    options = list(questions[0].options.all()) if questions else []
    keys = tuple(o.key for o in options)
    weights = tuple(o.weight for o in options)
    points = [Fraction(str(q.points)) if q.points is not None else None for q in questions]
    default = (Fraction(100) - sum(p for p in points if p is not None)) / max(
        1, sum(p is None for p in points)
    )
    result = domain.survey_result(
        [tuple(counts[(q.id, k)] for k in keys) for q in questions],
        weights,
        keys,
        [p if p is not None else default for p in points],
    )
    responses = questionnaire.responses.filter(complete=True)
    tally_first = tallies.filter(question=questions[0]) if questions else tallies.none()
    if county_id:
        responses = responses.filter(county_id=county_id)
    by_source = {label: responses.filter(source=value).count() for value, label in Source.choices}
    by_source["汇总录入（未逐份录入）"] = tally_first.aggregate(n=Sum("count"))["n"] or 0
    answered = {
        name
        for rows in (responses, tallies)
        for name in rows.exclude(county=None).values_list("county__name", flat=True).order_by().distinct()
    }
    results = Results(
        questionnaire=questionnaire,
        questions=questions,
        result=result,
        by_source=by_source,
        keys=keys,
        labels=tuple(o.label for o in options),
        counties_answered=sorted(answered),
        surveyed=list(questionnaire.surveyed_counties.values_list("name", flat=True)),
    )
    results.rows  # noqa: B018 — worked out now, so that the kept value carries it
    return results
