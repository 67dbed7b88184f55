"""Writes of the self-evaluation: copy a template, compute, score a leaf, sign off."""

import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from guifan.accounts.constants import Role
from guifan.audit.constants import AuditAction
from guifan.audit.services import audit_record
from guifan.core.exceptions import ScopeViolation

from . import domain, sources
from .models import Action, Evaluation, Indicator
from .rulesets import RuleSet, rulesets
from .signals import evaluation_signed_off

DATA_DIR = Path(__file__).parent / "data"
TEMPLATES = {
    "seed": DATA_DIR / "template-seed-20-20-60.json",
    "national": DATA_DIR / "template-national.json",
}


class EvaluationError(Exception):
    """Refused; str() is the Chinese message."""


def _require(by) -> None:
    if by.role != Role.CITY_ADMIN:
        raise ScopeViolation("绩效自评由市级管理员办理")


def evaluation_create(*, by, programme, template: str = "", data: dict | None = None) -> Evaluation:
    """Copy a template (a shipped one by key, or a tree read from Excel) into the programme."""
    _require(by)
    data = data or json.loads(TEMPLATES[template].read_text(encoding="utf-8"))
    return _create(by=by, programme=programme, data=data)


def evaluation_copy(*, by, programme, source: Evaluation, annual_goal: str | None = None) -> Evaluation:
    """Last year's evaluation as this year's: the tree with its targets, weights, methods and
    sources, the goals and the 主管部门 — nothing scored, nothing signed off. `annual_goal`, when
    given, replaces the copied 年度目标 (the new-year receiver writes it from the year's figures)."""
    _require(by)
    if source.programme_id == programme.pk:
        raise EvaluationError("请选择以前年度的自评来复制")
    data = {
        "name": source.template,
        "note": source.note,
        "is_example": source.is_example,
        "tree": tree_data(source),
        "display_places": source.display_places,
        "department": source.department,
        "total_goal": source.total_goal,
        "annual_goal": source.annual_goal if annual_goal is None else annual_goal,
    }
    return _create(by=by, programme=programme, data=data, copied_from=source)


def _create(*, by, programme, data: dict, copied_from: Evaluation | None = None) -> Evaluation:
    name = domain.evaluation_name(programme.year, data["name"])
    if not name:
        raise EvaluationError("请填写指标体系名称")
    if Evaluation.objects.filter(programme=programme, template=name).exists():
        raise EvaluationError(
            f"{programme.year}年度已有名为“{name}”的绩效自评，不能重复建立；请在绩效自评列表中打开它"
        )
    with transaction.atomic():
        evaluation = Evaluation.objects.create(
            programme=programme,
            template=name,
            note=data["note"],
            is_example=data["is_example"],
            display_places=data.get("display_places", 2),
            department=data.get("department", ""),
            total_goal=data.get("total_goal", ""),
            annual_goal=data.get("annual_goal", ""),
        )
        order = 0

        def add(node: dict, parent: Indicator | None, level: int) -> None:
            nonlocal order
            order += 1
            target = node.get("target")
            if node.get("source") == "institutions_paid":
                target = programme.annual_target  # the year's own target, not the template's
            indicator = Indicator.objects.create(
                evaluation=evaluation,
                parent=parent,
                level=level,
                code=node["code"],
                name=node["name"],
                weight=Decimal(node["weight"]),
                order=order,
                nature=node.get("nature", ""),
                target=Decimal(target) if target not in (None, "") else None,
                unit=node.get("unit", ""),
                source=node.get("source", ""),
                method=node.get("method", ""),
                points=node.get("points", ""),
            )
            for child in node.get("children", []):
                add(child, indicator, level + 1)

        for node in data["tree"]:
            add(node, None, 1)
        problems = domain.validate(tree_of(evaluation))
        if problems:
            raise EvaluationError("；".join(problems))
        changes = {"template": [None, name]}
        if copied_from is not None:
            changes["copied_from"] = [None, str(copied_from)]
        audit_record(by=by, action=AuditAction.CREATE, obj=evaluation, changes=changes)
    return evaluation


def tree_data(evaluation: Evaluation) -> list[dict]:
    """The indicator tree as the templates write it (targets as strings), without any score."""
    rows = list(evaluation.indicators.order_by("order"))
    nodes = {
        i.pk: {
            "code": i.code,
            "name": i.name,
            "weight": str(i.weight),
            "nature": i.nature,
            "target": f"{i.target.normalize():f}" if i.target is not None else None,
            "unit": i.unit,
            "source": i.source,
            "method": i.method,
            "points": i.points,
            "children": [],
        }
        for i in rows
    }
    roots = []
    for i in rows:
        (nodes[i.parent_id]["children"] if i.parent_id else roots).append(nodes[i.pk])
    return roots


def evaluation_goals_save(*, by, evaluation: Evaluation, department: str, total_goal: str, annual_goal: str):
    """总目标 (中长期目标), 年度目标 and 主管部门 of the 绩效目标申报表; fixed once signed off."""
    _require(by)
    if not total_goal.strip() or not annual_goal.strip():
        raise EvaluationError("请填写总目标和年度目标")
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.frozen:
            raise EvaluationError("该自评已确认，绩效目标不能再修改")
        new = {
            "department": department.strip(),
            "total_goal": total_goal.strip(),
            "annual_goal": annual_goal.strip(),
        }
        changes = {k: [getattr(evaluation, k), v] for k, v in new.items() if getattr(evaluation, k) != v}
        for key, value in new.items():
            setattr(evaluation, key, value)
        evaluation.save(update_fields=[*new, "updated_at"])
        if changes:
            audit_record(by=by, action=AuditAction.UPDATE, obj=evaluation, changes=changes)
    return evaluation


def evaluation_rules_set(*, by, evaluation: Evaluation, key: str) -> Evaluation:
    """Choose the scoring rule set (evaluation.rulesets) and rescore the computed leaves under it."""
    _require(by)
    if key not in rulesets():
        raise EvaluationError("没有这一评分规则")
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
        if evaluation.frozen:
            raise EvaluationError("该自评已确认，评分规则不能再修改")
        if evaluation.scoring_rules == key:
            return evaluation
        before, evaluation.scoring_rules = evaluation.scoring_rules, key
        evaluation.save(update_fields=["scoring_rules", "updated_at"])
        # Only a ratio score depends on the rule set (指标偏离); other leaves keep theirs.
        for indicator in evaluation.indicators.filter(method="ratio").exclude(actual=None):
            if (score := _score(indicator, evaluation.rules)) != indicator.score:
                indicator.score = score
                indicator.save(update_fields=["score"])
        audit_record(
            by=by, action=AuditAction.UPDATE, obj=evaluation, changes={"scoring_rules": [before, key]}
        )
    return evaluation


def rules_problems(evaluation: Evaluation, total: Decimal, indicators: list[Indicator]) -> list[str]:
    """What the evaluation's rule set refuses: a total above the cap of its execution rate (the
    actual of its 预算执行率 leaf)."""
    rate = next((i.actual for i in indicators if i.method == "budget" and i.actual is not None), None)
    problem = evaluation.rules.cap_problem(rate, total)
    return [problem] if problem else []


def tree_of(evaluation: Evaluation) -> list[domain.Node]:
    """The indicators as domain nodes (one query)."""
    rows = list(evaluation.indicators.order_by("order"))
    nodes = {
        i.pk: domain.Node(
            i.code,
            i.name,
            i.weight,
            score=i.score,
            override=i.override,
            override_reason=i.override_reason,
            not_applicable=i.not_applicable,
            deviation=i.deviation,
        )
        for i in rows
    }
    roots = []
    for i in rows:
        (nodes[i.parent_id].children if i.parent_id else roots).append(nodes[i.pk])
    return roots


def _score(indicator: Indicator, rules: RuleSet) -> Decimal | None:
    weight, actual, target = indicator.weight, indicator.actual, indicator.target
    if actual is None:
        return None
    if indicator.method == "ratio":  # an upward target: 指标偏离 loses the rule set's points
        return rules.deducted(domain.ratio(weight, actual, target), "≥", target, actual)
    if indicator.method == "inverse":
        return domain.inverse_ratio(weight, actual, target)
    if indicator.method == "equality":
        return domain.equality(weight, actual, target)
    if indicator.method == "budget":
        return domain.budget_execution(weight, actual)
    return None


def evaluation_compute(*, by, evaluation: Evaluation) -> int:
    """Fill every computed leaf from the records; returns how many were computed."""
    _require(by)
    if evaluation.frozen:
        raise EvaluationError("该自评已确认，不能再修改")
    count = 0
    with transaction.atomic():
        for indicator in evaluation.indicators.exclude(source=""):
            value = sources.compute(indicator.source, evaluation.programme)
            if value is None:
                continue
            indicator.actual, indicator.actual_note = value.value, value.note[:300]
            indicator.score = _score(indicator, evaluation.rules)
            indicator.save(update_fields=["actual", "actual_note", "score"])
            count += 1
        audit_record(by=by, action=AuditAction.UPDATE, obj=evaluation, changes={"computed": [None, count]})
    return count


def indicator_score(
    *,
    by,
    indicator_id: int,
    band: str = "",
    chosen: Decimal | None = None,
    deductions: list[domain.Deduction] | None = None,
    override: Decimal | None = None,
    override_reason: str = "",
    not_applicable: bool = False,
    deviation: str = "",
    actual_note: str = "",
) -> Indicator:
    """Score a leaf by hand (qualitative band, deductions), override, mark not applicable, explain."""
    _require(by)
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().select_related("evaluation").get(pk=indicator_id)
        if indicator.evaluation.frozen:
            raise EvaluationError("该自评已确认，不能再修改")
        if indicator.children.exists():
            raise EvaluationError("只能给末级指标评分")
        try:
            if band:
                indicator.score, indicator.band = domain.qualitative(indicator.weight, band, chosen), band
            elif deductions is not None:
                indicator.score = domain.deductions(indicator.weight, deductions)
                indicator.deductions = [
                    {"points": str(d.points), "reason": d.reason, "evidence": d.evidence} for d in deductions
                ]
        except domain.ScoringError as exc:
            raise EvaluationError(str(exc)) from exc
        if override is not None:
            if not override_reason.strip():
                raise EvaluationError("人工调整得分须写明理由")
            if not (0 <= override <= indicator.weight):
                raise EvaluationError(f"调整后得分应在0至{indicator.weight.normalize():f}分之间")
        indicator.override, indicator.override_reason = (
            override,
            override_reason if override is not None else "",
        )
        indicator.not_applicable, indicator.deviation = not_applicable, deviation
        if actual_note:
            indicator.actual_note = actual_note[:300]
        indicator.save()
        audit_record(
            by=by,
            action=AuditAction.UPDATE,
            obj=indicator,
            changes={"score": [None, str(indicator.final) if indicator.final is not None else None]},
        )
    return indicator


def evaluation_sign_off(*, by, evaluation: Evaluation) -> Evaluation:
    """Freeze the scores, with the survey result they used: the questionnaire must be closed (so no
    answer can come after), and its figures are recorded on the evaluation for the report."""
    _require(by)
    with transaction.atomic():
        evaluation = Evaluation.objects.select_for_update().select_related("programme").get(pk=evaluation.pk)
        if evaluation.frozen:
            raise EvaluationError("该自评已确认")
        questionnaire = sources.questionnaire_of(evaluation.programme)
        if questionnaire is not None and not questionnaire.is_closed:
            raise EvaluationError(
                f"满意度调查“{questionnaire.title}”尚未关闭：请先关闭调查（满意度调查结果页的“关闭调查”），"
                "问卷结果冻结后再确认自评"
            )
        if stale := _stale_survey_leaves(evaluation):
            raise EvaluationError(
                f"问卷结果在上次计算后有变化（{'、'.join(stale)}），请先点击“从记录重新计算”再确认"
            )
        roots = tree_of(evaluation)
        leaves = list(evaluation.indicators.all())
        if problems := [
            *domain.sign_off_problems(roots),
            *rules_problems(evaluation, domain.total(roots).total, leaves),
        ]:
            raise EvaluationError("；".join(problems))
        evaluation.signed_off_at, evaluation.signed_off_by = timezone.now(), by
        evaluation.survey_snapshot = sources.survey_figures(questionnaire) if questionnaire else None
        evaluation.save(update_fields=["signed_off_at", "signed_off_by", "survey_snapshot"])
        audit_record(
            by=by,
            action=AuditAction.UPDATE,
            obj=evaluation,
            changes={"signed_off": [False, True], "survey_snapshot": [None, evaluation.survey_snapshot]},
        )
        evaluation_signed_off.send(sender=Evaluation, evaluation=evaluation, by=by)
    return evaluation


def _stale_survey_leaves(evaluation: Evaluation) -> list[str]:
    """Survey-sourced leaves whose stored value is no longer what the questionnaire gives."""
    stale = []
    for leaf in evaluation.indicators.filter(source__in=sources.SURVEY_SOURCES, actual__isnull=False):
        value = sources.compute(leaf.source, evaluation.programme)
        if value is not None and value.value.quantize(FOUR_PLACES) != leaf.actual.quantize(FOUR_PLACES):
            stale.append(leaf.name)
    return stale


FOUR_PLACES = Decimal("0.0001")  # Indicator.actual's precision


def action_add(*, by, evaluation: Evaluation, text: str, owner: str, due) -> Action:
    """A rectification measure from the evaluation's findings, followed until closed."""
    _require(by)
    if not text.strip() or not owner.strip():
        raise EvaluationError("请填写整改措施和责任人")
    with transaction.atomic():
        action = Action.objects.create(evaluation=evaluation, text=text, owner=owner, due=due)
        audit_record(
            by=by,
            action=AuditAction.CREATE,
            obj=action,
            changes={"text": [None, text], "owner": [None, owner]},
        )
    return action


def action_close(*, by, action_id: int, on) -> Action:
    _require(by)
    with transaction.atomic():
        action = Action.objects.select_for_update().get(pk=action_id)
        if action.closed_on:
            raise EvaluationError("该整改措施已完成")
        action.closed_on = on
        action.save(update_fields=["closed_on"])
        audit_record(
            by=by, action=AuditAction.UPDATE, obj=action, changes={"closed_on": [None, on.isoformat()]}
        )
    return action
