"""Writes that set a survey up: a questionnaire from a template or from last year, its dates and
counties, closing it, and the new year's copy (the receiver of funds' programme_started)."""

from dataclasses import replace
from datetime import date

from django.db import transaction
from django.utils import timezone

from guifan.accounts.constants import Role
from guifan.audit.constants import AuditAction
from guifan.audit.services import audit_record
from guifan.core.dates import shift_years
from guifan.core.exceptions import ScopeViolation

from .. import domain
from ..models import Option, Question, Questionnaire
from .answers import SurveyError


def _city_only(by, what: str) -> None:
    if by is None or by.role != Role.CITY_ADMIN:
        raise ScopeViolation(f"只有市级管理员可以{what}")


def _create(
    *, by, programme, draft: domain.QuestionnaireDraft, opens_on, closes_on, surveyed_counties, note: str
) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        programme=programme,
        title=draft.title,
        intro=draft.intro,
        preset=draft.preset,
        ask_county=draft.ask_county,
        ask_type=draft.ask_type,
        opens_on=opens_on,
        closes_on=closes_on,
    )
    questionnaire.surveyed_counties.set(surveyed_counties)
    for number, q in enumerate(draft.questions, start=1):
        question = Question.objects.create(
            questionnaire=questionnaire,
            number=number,
            text=q.text,
            kind=q.kind,
            points=q.points,
            required=q.required,
        )
        Option.objects.bulk_create(
            Option(question=question, key=key, label=label, weight=weight) for key, label, weight in q.options
        )
    audit_record(
        by=by,
        action=AuditAction.CREATE,
        obj=questionnaire,
        changes={"questions": [None, len(draft.questions)]},
        note=note,
    )
    return questionnaire


def questionnaire_create_from(
    *,
    by,
    programme,
    draft: domain.QuestionnaireDraft,
    title: str = "",
    opens_on: date | None = None,
    closes_on: date | None = None,
    surveyed_counties=(),
    note: str = "",
) -> Questionnaire:
    """A programme year's satisfaction survey, its questions, options and weights copied from the
    draft (a template or an earlier questionnaire). One survey per year: it replaces one not yet
    issued (no link, answer or tally — the copy 新建年度项目 makes), and is refused otherwise."""
    _city_only(by, "新建满意度调查")
    if error := domain.dates_error(opens_on=opens_on, closes_on=closes_on, today=timezone.localdate()):
        raise SurveyError(error[1], field=error[0])
    draft = domain.draft_for_year(draft, programme.year)
    with transaction.atomic():
        existing = Questionnaire.objects.select_for_update().filter(programme=programme).first()
        if existing is not None:
            if existing.distributions.exists() or existing.responses.exists() or existing.tallies.exists():
                raise SurveyError(
                    f"{programme.year}年度已有满意度调查“{existing.title}”，且已发放或已有答卷，"
                    "请在该调查的页面修改设置",
                    field="programme",
                )
            # Not issued yet (e.g. the copy made by 新建年度项目): the new one takes its place.
            audit_record(
                by=by,
                action=AuditAction.DELETE,
                obj=existing,
                changes={"title": [existing.title, None]},
                note="尚未发放的问卷，由新建的满意度调查替换",
            )
            existing.delete()
        return _create(
            by=by,
            programme=programme,
            draft=replace(draft, title=title.strip() or draft.title),
            opens_on=opens_on,
            closes_on=closes_on,
            surveyed_counties=surveyed_counties,
            note=note,
        )


def questionnaire_copy_to_year(*, by, programme, previous) -> Questionnaire | None:
    """新建年度项目: last year's newest questionnaire, unanswered and without links (so nobody can
    answer until the city makes one), its dates a year later, the same surveyed counties."""
    from ..selectors import draft_of

    source = previous.questionnaires.order_by("-version", "-id").first() if previous else None
    if source is None or Questionnaire.objects.filter(programme=programme).exists():
        return None
    _city_only(by, "新建满意度调查")
    with transaction.atomic():
        return _create(
            by=by,
            programme=programme,
            draft=domain.draft_for_year(draft_of(source), programme.year),
            opens_on=shift_years(source.opens_on),
            closes_on=shift_years(source.closes_on),
            surveyed_counties=list(source.surveyed_counties.all()),
            note=f"新建年度项目：复制{previous.year}年度问卷",
        )


def questionnaire_update(
    *,
    by,
    questionnaire: Questionnaire,
    title: str,
    opens_on: date | None,
    closes_on: date | None,
    surveyed_counties,
) -> Questionnaire:
    """Title, dates and counties; refused once the survey has closed (its results are final)."""
    _city_only(by, "修改满意度调查")
    if error := domain.dates_error(opens_on=opens_on, closes_on=closes_on, today=timezone.localdate()):
        raise SurveyError(error[1], field=error[0])
    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if locked.is_closed:
            raise SurveyError(f"调查{locked.state_label}，结果已定，设置不能再改")
        counties = sorted(c.name for c in surveyed_counties)
        before = {
            "title": locked.title,
            "opens_on": str(locked.opens_on or ""),
            "closes_on": str(locked.closes_on or ""),
            "surveyed_counties": sorted(locked.surveyed_counties.values_list("name", flat=True)),
        }
        after = {
            "title": title.strip(),
            "opens_on": str(opens_on or ""),
            "closes_on": str(closes_on or ""),
            "surveyed_counties": counties,
        }
        changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
        locked.title, locked.opens_on, locked.closes_on = title.strip(), opens_on, closes_on
        locked.save(update_fields=["title", "opens_on", "closes_on", "updated_at"])
        locked.surveyed_counties.set(surveyed_counties)
        if changes:
            audit_record(by=by, action=AuditAction.UPDATE, obj=locked, changes=changes)
    return locked


def questionnaire_close(*, by, questionnaire: Questionnaire) -> Questionnaire:
    """关闭调查: from now on no online answer, paper sheet or tally is accepted, so the results
    (and the evaluation and report that use them) cannot change."""
    _city_only(by, "关闭调查")
    with transaction.atomic():
        locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if locked.closed_at is not None:
            raise SurveyError(f"调查{locked.state_label}，无需再次关闭")
        locked.closed_at = timezone.now()
        locked.frozen = True
        locked.save(update_fields=["closed_at", "frozen", "updated_at"])
        audit_record(
            by=by,
            action=AuditAction.UPDATE,
            obj=locked,
            changes={"closed_at": [None, locked.closed_at.isoformat()]},
        )
    return locked
