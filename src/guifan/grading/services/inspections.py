"""Scoring against the standard, and the rectification requests that follow from it."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from guifan.accounts.constants import Role
from guifan.audit.constants import AuditAction
from guifan.audit.services import audit_record
from guifan.core.exceptions import ScopeViolation

from .. import domain
from ..constants import Action, InspectionKind, State
from ..models import Inspection, ItemScore, Rectification, Standard, StandardItem
from ..selectors import applications_visible_to, inspections_visible_to, rectifications_visible_to
from .workflow import application_transition, attach

# Who inspects, and in which state of the application.
KIND_RULES = {
    InspectionKind.COUNTY: ({Role.COUNTY_OFFICER}, State.CONSTRUCTION),
    InspectionKind.CITY: ({Role.CITY_ADMIN, Role.INSPECTOR}, State.CITY_INSPECTION),
    InspectionKind.REINSPECTION: ({Role.CITY_ADMIN, Role.INSPECTOR}, State.REINSPECTION),
}


class ScoreErrors(domain.InvalidTransition):
    """Item scores that are refused: {item id: Chinese message}. Nothing was saved."""

    def __init__(self, errors: dict[int, str], evidence: set[int] | None = None) -> None:
        super().__init__(f"{len(errors)} 个条目有误")
        self.errors = errors
        self.evidence = evidence or set()  # the items whose message is about a missing file


def scored_items(standard: Standard) -> list[StandardItem]:
    return [i for i in standard.items.order_by("order", "id") if not i.is_section]


def bands_of(standard: Standard) -> list[domain.Band]:
    return [domain.Band(Decimal(b["minimum"]), b["grade"]) for b in standard.bands]


def inspection_start(*, by, application_id: int, kind: str, on: date) -> Inspection:
    roles, state = KIND_RULES[kind]
    if by.role not in roles:
        raise ScopeViolation("您的角色不能进行这项检查")
    with transaction.atomic():
        application = (
            applications_visible_to(by).select_for_update(of=("self",)).filter(pk=application_id).first()
        )
        if application is None:
            raise ScopeViolation("无权检查该申请")
        if application.state != state:
            raise domain.InvalidTransition(
                f"申请状态为“{State(application.state).label}”，不能开始{InspectionKind(kind).label}"
            )
        if application.inspections.filter(kind=kind, completed=False).exists():
            raise domain.InvalidTransition("已有一次未完成的检查，请继续该次评分")
        since = application.state_changed_at
        if (
            since
            and application.inspections.filter(kind=kind, completed=True, created_at__gte=since).exists()
        ):
            raise domain.InvalidTransition(f"本轮{InspectionKind(kind).label}评分已完成，不能再开始一次")
        inspection = Inspection.objects.create(application=application, kind=kind, inspector=by, on=on)
        if kind == InspectionKind.REINSPECTION:
            # A re-inspection rescores only the rectified items; the others keep the last city scores.
            previous = (
                application.inspections.filter(
                    kind__in=[InspectionKind.CITY, InspectionKind.REINSPECTION], completed=True
                )
                .exclude(pk=inspection.pk)
                .last()
            )
            open_items = set(
                application.rectifications.filter(closed=False).values_list("item_id", flat=True)
            )
            ItemScore.objects.bulk_create(
                ItemScore(inspection=inspection, item_id=s.item_id, points=s.points, note=s.note)
                for s in previous.scores.all()
                if s.item_id not in open_items
            )
        Standard.objects.filter(pk=application.standard_id).update(frozen=True)
        audit_record(by=by, action=AuditAction.CREATE, obj=inspection, changes={"kind": [None, kind]})
    return inspection


START_ACTIONS = {
    Action.START_CITY_INSPECTION: InspectionKind.CITY,
    Action.START_REINSPECTION: InspectionKind.REINSPECTION,
}


def inspection_begin(*, by, application_id: int, action: str, on: date, expected_state: str | None = None):
    """One button for the city: move the application into (re-)inspection and open the score sheet."""
    with transaction.atomic():
        application_transition(
            by=by, application_id=application_id, action=action, expected_state=expected_state, on=on
        )
        return inspection_start(by=by, application_id=application_id, kind=START_ACTIONS[action], on=on)


def editable_items(inspection: Inspection) -> list[StandardItem]:
    items = scored_items(inspection.application.standard)
    if inspection.kind != InspectionKind.REINSPECTION:
        return items
    rectified = set(
        inspection.application.rectifications.filter(closed=False).values_list("item_id", flat=True)
    )
    return [i for i in items if i.id in rectified]


def inspection_save(
    *,
    by,
    inspection_id: int,
    scores: dict[int, tuple[Decimal | None, str]],
    files: dict | None = None,
    complete: bool = False,
) -> domain.Result:
    """Save item scores (all or none); with `complete`, every item must be scored and every item that
    requires evidence must have a file, and the inspection is then closed and its result fixed."""
    files = files or {}
    with transaction.atomic():
        inspection = (
            inspections_visible_to(by).select_for_update(of=("self",)).filter(pk=inspection_id).first()
        )
        if inspection is None or inspection.inspector_id != by.pk:
            raise ScopeViolation("只有本次检查的评分人可以评分")
        if inspection.completed:
            raise domain.InvalidTransition("该次检查已完成，不能再修改评分")
        editable = {i.id: i for i in editable_items(inspection)}
        errors, evidence = {}, set()
        for item_id, (points, _) in scores.items():
            if item_id not in editable:
                errors[item_id] = "该条目不在本次评分范围内"
            elif points is not None and (message := domain.score_error(points, editable[item_id].max_points)):
                errors[item_id] = message
        application = inspection.application
        if complete:
            with_files = set(
                application.attachments.filter(purpose=f"inspection-{inspection.pk}").values_list(
                    "item_id", flat=True
                )
            ) | set(files)
            existing = set(inspection.scores.values_list("item_id", flat=True))
            for item in editable.values():
                if scores.get(item.id, (None, ""))[0] is None and item.id not in existing:
                    errors.setdefault(item.id, "请填写得分")
                if item.evidence_required and item.id not in with_files and item.id not in errors:
                    errors[item.id] = "请上传佐证材料（照片或文件）：本条须有佐证才能完成评分"
                    evidence.add(item.id)
        if errors:
            raise ScoreErrors(errors, evidence)
        for item_id, (points, note) in scores.items():
            if points is not None:
                ItemScore.objects.update_or_create(
                    inspection=inspection, item_id=item_id, defaults={"points": points, "note": note}
                )
        for item_id, upload in files.items():
            attach(
                by=by,
                application=application,
                upload=upload,
                purpose=f"inspection-{inspection.pk}",
                item=editable[item_id],
            )
        result = inspection_result(inspection)
        if complete:
            inspection.completed, inspection.total, inspection.grade = True, result.total, result.grade
            inspection.veto_failed = bool(result.veto_failed)
            inspection.save(update_fields=["completed", "total", "grade", "veto_failed"])
            if inspection.kind == InspectionKind.REINSPECTION:
                application.rectifications.filter(closed=False).update(closed=True)
            audit_record(
                by=by,
                action=AuditAction.UPDATE,
                obj=inspection,
                changes={"completed": [False, True], "total": [None, str(result.total)]},
            )
    return result


def inspection_result(inspection: Inspection) -> domain.Result:
    items = [
        domain.ItemRule(i.id, i.max_points, i.veto) for i in scored_items(inspection.application.standard)
    ]
    scores = dict(inspection.scores.values_list("item_id", "points"))
    return domain.inspection_result(items, scores, bands_of(inspection.application.standard))


def rectification_request(*, by, inspection_id: int, item_id: int, request: str, due: date) -> Rectification:
    if by.role not in {Role.CITY_ADMIN, Role.INSPECTOR}:
        raise ScopeViolation("只有市级检查人员可以提出整改意见")
    if not request.strip():
        raise domain.InvalidTransition("请写明整改要求")
    with transaction.atomic():
        inspection = inspections_visible_to(by).filter(pk=inspection_id, completed=True).first()
        if inspection is None or inspection.kind == InspectionKind.COUNTY:
            raise domain.InvalidTransition("只能针对已完成的市级检查提出整改意见")
        if due < inspection.on:
            raise domain.InvalidTransition(
                f"整改期限{due:%Y年%-m月%-d日}早于检查日期{inspection.on:%Y年%-m月%-d日}，"
                "请填写检查日期之后的日期"
            )
        score = inspection.scores.select_related("item").filter(item_id=item_id).first()
        if score is None or score.points >= score.item.max_points:
            raise domain.InvalidTransition("只能针对未得满分的条目提出整改意见")
        if inspection.application.rectifications.filter(item_id=item_id, closed=False).exists():
            raise domain.InvalidTransition("该条目已有未完成的整改要求")
        rectification = Rectification.objects.create(
            application=inspection.application,
            inspection=inspection,
            item_id=item_id,
            request=request,
            due=due,
        )
        audit_record(
            by=by,
            action=AuditAction.CREATE,
            obj=rectification,
            changes={"item": [None, str(score.item)], "due": [None, due.isoformat()]},
        )
    return rectification


def rectification_respond(*, by, rectification_id: int, response: str, upload=None) -> Rectification:
    """The institution (or its county) says what was done and uploads evidence."""
    if by.role not in {Role.OPERATOR, Role.COUNTY_OFFICER}:
        raise ScopeViolation("整改材料由机构或县区提交")
    with transaction.atomic():
        rectification = (
            rectifications_visible_to(by)
            .select_for_update(of=("self",))
            .filter(pk=rectification_id, closed=False)
            .first()
        )
        if rectification is None:
            raise ScopeViolation("无权提交该整改")
        if rectification.application.state != State.RECTIFICATION:
            raise domain.InvalidTransition("该申请当前不在整改阶段")
        if not response.strip():
            raise domain.InvalidTransition("请填写整改情况")
        if upload is not None:
            attach(
                by=by,
                application=rectification.application,
                upload=upload,
                purpose="rectification",
                item=rectification.item,
            )
        rectification.response, rectification.submitted_at = response, timezone.now()
        rectification.save(update_fields=["response", "submitted_at"])
        audit_record(
            by=by, action=AuditAction.UPDATE, obj=rectification, changes={"response": [None, response]}
        )
    return rectification
