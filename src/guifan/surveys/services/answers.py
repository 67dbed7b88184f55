"""Writes of answers: links, online answers (idempotent), paper entry and tallies — none once closed."""

import secrets
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from guifan.accounts.constants import Role
from guifan.audit.constants import AuditAction
from guifan.audit.services import audit_record
from guifan.core.exceptions import ScopeViolation

from .. import domain
from ..constants import QuestionKind, Source
from ..models import Answer, Distribution, Option, Question, Questionnaire, Response, Tally, Token
from ..sheets import SheetOption, questionnaire_sheet
from ..signals import distribution_created


class SurveyError(Exception):
    """Refused input; str() is the Chinese message. `field` names the form field when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def questionnaire_create(
    *,
    by,
    programme,
    title: str,
    intro: str,
    preset: str,
    questions: list[str],
    options: list[tuple[str, str]],
    surveyed_counties=(),
) -> Questionnaire:
    """A scale questionnaire whose options take the preset's weights in order (A 非常满意 … E)."""
    if by.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以设计问卷")
    weights = domain.PRESETS[preset][1]
    with transaction.atomic():
        latest = Questionnaire.objects.filter(programme=programme, title=title).order_by("-version").first()
        questionnaire = Questionnaire.objects.create(
            programme=programme,
            title=title,
            intro=intro,
            preset=preset,
            version=latest.version + 1 if latest else 1,
        )
        questionnaire.surveyed_counties.set(surveyed_counties)
        for number, text in enumerate(questions, start=1):
            question = Question.objects.create(questionnaire=questionnaire, number=number, text=text)
            Option.objects.bulk_create(
                Option(question=question, key=key, label=label, weight=weight)
                for (key, label), weight in zip(options, weights, strict=True)
            )
        audit_record(
            by=by, action=AuditAction.CREATE, obj=questionnaire, changes={"questions": [None, len(questions)]}
        )
    return questionnaire


def distribution_create(
    *,
    by,
    questionnaire: Questionnaire,
    name: str,
    county=None,
    tokens: int = 0,
    per_device_limit: int = 1,
    one_per_screen: bool = False,
) -> Distribution:
    if by.role != Role.CITY_ADMIN:
        raise ScopeViolation("只有市级管理员可以发放问卷")
    with transaction.atomic():
        lock_accepting(questionnaire, what="发放新的链接")
        distribution = Distribution.objects.create(
            questionnaire=questionnaire,
            name=name,
            county=county,
            uses_tokens=tokens > 0,
            per_device_limit=per_device_limit,
            one_per_screen=one_per_screen,
            created_by=by,
        )
        Token.objects.bulk_create(
            Token(distribution=distribution, code=secrets.token_hex(4).upper()) for _ in range(tokens)
        )
        audit_record(by=by, action=AuditAction.CREATE, obj=distribution, changes={"tokens": [None, tokens]})
        distribution_created.send(sender=Distribution, distribution=distribution, by=by)
    return distribution


def _check_answers(
    questionnaire: Questionnaire, answers: dict, *, final: bool, already: frozenset[int] = frozenset()
) -> dict[int, list]:
    """{question id: [SheetOption …] or [text]}; unknown options and missing required answers refused.
    The questions come from the worker's kept sheet: no query inside the write transaction."""
    questions = {q.id: q for q in questionnaire_sheet(questionnaire).questions}
    checked: dict[int, list] = {}
    for question_id, given in answers.items():
        question = questions.get(int(question_id))
        if question is None:
            raise SurveyError("问卷中没有这道题")
        values = [v for v in (given if isinstance(given, list | tuple) else [given]) if str(v).strip()]
        if question.kind == QuestionKind.TEXT:
            checked[question.id] = [str(v) for v in values[:1]]
            continue
        options = {str(o.id): o for o in question.options}
        if any(str(v) not in options for v in values):
            raise SurveyError(f"第{question.number}题：所选选项不属于本题", field=f"q{question.id}")
        if question.kind == QuestionKind.SCALE and len(values) > 1:
            raise SurveyError(f"第{question.number}题只能选一项", field=f"q{question.id}")
        checked[question.id] = [options[str(v)] for v in values]
    if final:
        for question in questions.values():
            if question.required and not checked.get(question.id) and question.id not in already:
                raise SurveyError(f"请回答第{question.number}题", field=f"q{question.id}")
    return checked


def _write_answers(response: Response, checked: dict[int, list], *, new: bool = False) -> None:
    """Replace the answers to these questions (a new answer sheet has none to replace)."""
    if not new:
        Answer.objects.filter(response=response, question_id__in=list(checked)).delete()
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question_id=qid,
            option_id=v.id if isinstance(v, SheetOption) else None,
            text="" if isinstance(v, SheetOption) else v,
        )
        for qid, values in checked.items()
        for v in values
    )


def lock_accepting(questionnaire: Questionnaire, *, what: str, online: bool = False) -> Questionnaire:
    """Lock the questionnaire's row (closing locks it too, so nothing slips in after) and refuse
    when it takes no more input; online answers also wait for the open date."""
    locked = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if locked.state == domain.CLOSED:
        raise SurveyError(f"调查{locked.state_label}，不再接受{what}")
    if online and locked.state == domain.NOT_OPEN:
        raise SurveyError(f"调查尚未开始，{domain.cn_date(locked.opens_on)}起可以作答")
    return locked


def device_submitted(distribution: Distribution, device: str) -> int:
    """Answer sheets this device has submitted through this link (unfinished runs not counted)."""
    if not device:
        return 0
    return Response.objects.filter(distribution=distribution, device=device, complete=True).count()


def response_submit(
    *,
    distribution: Distribution,
    key: uuid.UUID,
    answers: dict,
    final: bool,
    device: str = "",
    token_code: str = "",
    county=None,
    respondent_type: str = "",
) -> tuple[Response, bool]:
    """Save an online answer sheet, exactly once per `key` (a double click or a network retry sends
    the same key). Returns (response, already_submitted)."""
    if not distribution.active:
        raise SurveyError("该问卷链接已停止收集")
    with transaction.atomic():
        questionnaire = lock_accepting(distribution.questionnaire, what="网上作答", online=True)
        response = Response.objects.select_for_update().filter(key=key).first()
        if response is not None and response.distribution_id != distribution.pk:
            raise SurveyError("提交编号无效，请重新打开问卷")
        if response is not None and response.complete:
            return response, True
        if response is not None and response.device and device and response.device != device:
            raise SurveyError("提交编号无效，请重新打开问卷")
        if (
            not distribution.uses_tokens
            and device_submitted(distribution, device) >= distribution.per_device_limit
        ):
            raise SurveyError("这台设备已提交过问卷，感谢参与")
        new = response is None
        if new:
            response = Response.objects.create(
                key=key,
                questionnaire=questionnaire,
                distribution=distribution,
                source=Source.ONLINE,
                device=device[:64],
            )
        already = frozenset() if new else frozenset(response.answers.values_list("question_id", flat=True))
        checked = _check_answers(questionnaire, answers, final=final, already=already)
        token = None
        if final and distribution.uses_tokens:
            token = (
                Token.objects.select_for_update()
                .filter(distribution=distribution, code=token_code.upper())
                .first()
            )
            if token is None:
                raise SurveyError("访问码无效，请核对后重试", field="token")
            if token.used_at is not None:
                raise SurveyError("该访问码已经用过，每个访问码只能提交一次", field="token")
        _write_answers(response, checked, new=new)
        response.county, response.respondent_type = (
            county or response.county,
            respondent_type or response.respondent_type,
        )
        if final:
            response.complete, response.submitted_at, response.token = True, timezone.now(), token
            if token:
                token.used_at = timezone.now()
                token.save(update_fields=["used_at"])
            if not questionnaire.frozen:  # the locked row: read as it is now
                Questionnaire.objects.filter(pk=questionnaire.pk).update(frozen=True)
        response.save()
    return response, False


def paper_response_enter(
    *, by, questionnaire: Questionnaire, county, answers: dict, respondent_type: str = ""
) -> Response:
    """A county officer types in one paper questionnaire."""
    if by.role != Role.COUNTY_OFFICER or county is None or county.pk != by.county_id:
        raise ScopeViolation("纸质问卷由本县区经办录入")
    with transaction.atomic():
        lock_accepting(questionnaire, what="纸质问卷录入")
        checked = _check_answers(questionnaire, answers, final=True)
        response = Response.objects.create(
            questionnaire=questionnaire,
            source=Source.PAPER,
            county=county,
            respondent_type=respondent_type,
            complete=True,
            submitted_at=timezone.now(),
            entered_by=by,
        )
        _write_answers(response, checked)
        Questionnaire.objects.filter(pk=questionnaire.pk).update(frozen=True)
        audit_record(
            by=by, action=AuditAction.CREATE, obj=response, changes={"answers": [None, len(checked)]}
        )
    return response


def tallies_enter(*, by, questionnaire: Questionnaire, county, counts: dict[int, dict[str, int]]) -> int:
    """Replace a county's tallied counts (or the city-wide tally, county None) with these, all or nothing."""
    if by.role == Role.COUNTY_OFFICER:
        if county is None or county.pk != by.county_id:
            raise ScopeViolation("只能录入本县区的汇总")
    elif by.role != Role.CITY_ADMIN:
        raise ScopeViolation("无权录入汇总")
    questions = list(questionnaire.questions.filter(kind=QuestionKind.SCALE).prefetch_related("options"))
    rows = []
    for question in questions:
        given = counts.get(question.id, {})
        row = []
        for option in question.options.all():
            value = given.get(option.key, 0)
            if isinstance(value, Decimal | float) and value != int(value):
                raise SurveyError(
                    f"第{question.number}题{option.key}项的人数须为整数", field=f"c{question.id}_{option.key}"
                )
            row.append(int(value) if isinstance(value, Decimal | float) else value)
        rows.append(tuple(row))
    if message := domain.tally_error(rows):
        raise SurveyError(message)
    with transaction.atomic():
        lock_accepting(questionnaire, what="汇总人数录入")
        Tally.objects.filter(questionnaire=questionnaire, county=county).delete()
        Tally.objects.bulk_create(
            Tally(questionnaire=questionnaire, county=county, question=q, option=o, count=n, entered_by=by)
            for q, row in zip(questions, rows, strict=True)
            for o, n in zip(q.options.all(), row, strict=True)
        )
        Questionnaire.objects.filter(pk=questionnaire.pk).update(frozen=True)
        audit_record(
            by=by,
            action=AuditAction.UPDATE,
            obj=questionnaire,
            changes={"tallies": [None, {"county": county.name if county else "未分县区", "rows": rows}]},
        )
    return sum(rows[0]) if rows else 0
