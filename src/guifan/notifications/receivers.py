"""What each event says, and to whom. Every message is one short sentence a screen reader reads
at once, with a link to the record; none carries personal data (no phone, no objector)."""

from django.dispatch import receiver
from django.urls import reverse

from guifan.core.money import format_yuan
from guifan.evaluation.signals import evaluation_signed_off
from guifan.funds.signals import payment_recorded
from guifan.grading.constants import Action
from guifan.grading.signals import application_moved
from guifan.supervision.constants import GradeAction
from guifan.supervision.signals import (
    address_check_requested,
    grade_changed,
    grade_objection_filed,
    grade_objection_handled,
    notice_published,
    rectification_answered,
    round_opened,
)
from guifan.surveys.signals import distribution_created

from . import recipients as to
from .constants import Event
from .services import notify

# Application actions → (event, who, sentence); {name} is the institution, {year} the programme
# year, {comment} the reason given.
APPLICATION_EVENTS = {
    Action.RETURN: (Event.APPLICATION_RETURNED, "institution", "{year}年度申请被退回修改：{comment}"),
    Action.APPROVE: (Event.APPLICATION_APPROVED, "institution", "{year}年度申请已通过县区审核"),
    Action.START_CITY_INSPECTION: (Event.INSPECTION_STARTED, "both", "{year}年度市级检查验收已开始"),
    Action.REQUIRE_RECTIFICATION: (
        Event.RECTIFICATION_SET,
        "both",
        "{year}年度检查验收提出了整改要求，请按期整改",
    ),
    Action.UPHOLD_RECTIFY: (Event.OBJECTION_RESOLVED, "both", "公示异议经核实成立，须整改：{comment}"),
    Action.UPHOLD_FAIL: (Event.OBJECTION_RESOLVED, "both", "公示异议经核实成立，不予通过：{comment}"),
    Action.DISMISS_OBJECTION: (Event.OBJECTION_RESOLVED, "both", "公示异议经核实不成立，恢复公示"),
    Action.SUBMIT_RECTIFICATION: (Event.RECTIFICATION_ANSWERED, "city", "已提交整改材料，待复查"),
    Action.PUBLISH: (Event.PUBLICITY_STARTED, "both", "{year}年度评定结果已列入公示"),
    Action.RAISE_OBJECTION: (Event.OBJECTION_RECEIVED, "city", "公示收到异议，请核实处理"),
    Action.COUNCIL_APPROVE: (Event.COUNCIL_DECISION, "both", "理事会已批准评定等级：{comment}"),
}


def _people(who: str, institution_id: int, county_id: int) -> list:
    if who == "institution":
        return list(to.operators(institution_id))
    if who == "city":
        return [*to.city_admins(), *to.inspectors()]
    return to.institution_and_county(institution_id, county_id)


@receiver(application_moved)
def application_event(sender, application, action, comment, **kwargs) -> None:
    if action not in APPLICATION_EVENTS:
        return
    event, who, sentence = APPLICATION_EVENTS[action]
    text = sentence.format(year=application.programme.year, comment=comment or "（未写明）")
    notify(
        event=event,
        users=_people(who, application.institution_id, application.county_id),
        text=f"{application.institution.name}：{text}",
        url=reverse("grading:detail", args=[application.pk]),
    )


@receiver(payment_recorded)
def payment_event(sender, entry, **kwargs) -> None:
    if entry.amount <= 0 or entry.enrolment_id is None:
        return
    institution = entry.enrolment.institution
    notify(
        event=Event.PAYMENT_MADE,
        users=to.institution_and_county(institution.pk, institution.county_id),
        text=f"{institution.name}：{entry.date:%Y年%-m月%-d日}拨付补助{format_yuan(entry.amount)}元",
        url=reverse("registry:detail", args=[institution.pk]),
    )


GRADE_EVENTS = {
    GradeAction.DOWNGRADE: (Event.GRADE_LOWERED, "等级{level}经理事会决定降级：{comment}"),
    GradeAction.REVOKE: (Event.GRADE_REVOKED, "等级{level}经理事会决定撤销：{comment}"),
    GradeAction.EXPIRE: (Event.GRADE_ENDED, "等级{level}（证书{number}）有效期已届满"),
    GradeAction.CANCEL: (Event.GRADE_ENDED, "等级{level}（证书{number}）已注销：{comment}"),
    GradeAction.REQUIRE_RECTIFICATION: (Event.RECTIFICATION_SET, "年审要求限期整改：{comment}"),
}


@receiver(grade_changed)
def grade_event(sender, grade, action, comment, **kwargs) -> None:
    if action not in GRADE_EVENTS:
        return
    event, sentence = GRADE_EVENTS[action]
    users = to.institution_and_county(grade.institution_id, grade.county_id)
    if action in {GradeAction.EXPIRE, GradeAction.CANCEL}:
        users += list(to.city_admins())
    text = sentence.format(level=grade.level, number=grade.certificate_number, comment=comment)
    url = reverse("supervision:detail", args=[grade.pk])
    if action == GradeAction.REQUIRE_RECTIFICATION and (review := grade.reviews.order_by("-id").first()):
        url = reverse("supervision:review", args=[review.pk])  # where the institution answers
    notify(event=event, users=users, text=f"{grade.institution.name}：{text}", url=url)


@receiver(round_opened)
def round_event(sender, round, reviews, **kwargs) -> None:
    """One message per county officer with their county's count, one per operator for their own."""
    by_county: dict[int, int] = {}
    for review in reviews:
        by_county[review.county_id] = by_county.get(review.county_id, 0) + 1
        notify(
            event=Event.REVIEW_DUE,
            users=to.operators(review.grade.institution_id),
            text=f"{round.title}已开始，本机构等级须在{round.due_on:%Y年%-m月%-d日}前接受年审",
            url=reverse("supervision:review", args=[review.pk]),
        )
    for county_id, count in by_county.items():
        notify(
            event=Event.REVIEW_DUE,
            users=to.county_officers(county_id),
            text=f"{round.title}已开始：本县区{count}家等级机构须在{round.due_on:%Y年%-m月%-d日}前完成年审",
            url=reverse("supervision:round", args=[round.pk]),
        )


@receiver(rectification_answered)
def review_answer_event(sender, review, **kwargs) -> None:
    notify(
        event=Event.RECTIFICATION_ANSWERED,
        users=[*to.county_officers(review.county_id), *to.city_admins()],
        text=f"{review.grade.institution.name}：已填写年审整改情况，待复查",
        url=reverse("supervision:review", args=[review.pk]),
    )


@receiver(address_check_requested)
def address_check_event(sender, review, **kwargs) -> None:
    notify(
        event=Event.REVIEW_DUE,
        users=to.county_officers(review.county_id),
        text=f"{review.grade.institution.name}：{review.reason}",
        url=reverse("supervision:review", args=[review.pk]),
    )


@receiver(grade_objection_filed)
def grade_objection_event(sender, objection, **kwargs) -> None:
    notify(
        event=Event.OBJECTION_RECEIVED,
        users=to.city_admins(),
        text=f"{objection.review.grade.institution.name}：等级变更公示收到异议，请核实处理",
        url=reverse("supervision:objection", args=[objection.pk]),
    )


@receiver(grade_objection_handled)
def grade_objection_resolved(sender, objection, **kwargs) -> None:
    review = objection.review
    outcome = "成立，维持原等级" if objection.status == "upheld" else "不成立，按公示报理事会决定"
    notify(
        event=Event.OBJECTION_RESOLVED,
        users=to.institution_and_county(review.grade.institution_id, review.county_id),
        text=f"{review.grade.institution.name}：等级变更公示的异议经核实{outcome}",
        url=reverse("supervision:review", args=[review.pk]),
    )


@receiver(notice_published)
def notice_event(sender, notice, reviews, **kwargs) -> None:
    for review in reviews:
        notify(
            event=Event.PUBLICITY_STARTED,
            users=to.institution_and_county(review.grade.institution_id, review.county_id),
            text=f"{review.grade.institution.name}：拟{review.get_outcome_display()}等级，"
            f"公示至{notice.ends_on:%Y年%-m月%-d日}",
            url=reverse("register:notice", args=[notice.pk]),
        )


@receiver(distribution_created)
def survey_event(sender, distribution, **kwargs) -> None:
    questionnaire = distribution.questionnaire
    counties = (
        [distribution.county_id]
        if distribution.county_id
        else list(questionnaire.surveyed_counties.values_list("pk", flat=True))
    )
    for county_id in counties:
        notify(
            event=Event.SURVEY_OPENED,
            users=to.county_officers(county_id),
            text=f"满意度调查“{questionnaire.title}”已开始，请组织服务对象填写",
            url=reverse("surveys:results", args=[questionnaire.pk]),
            key=f"survey-opened:{questionnaire.pk}",
        )


@receiver(evaluation_signed_off)
def evaluation_event(sender, evaluation, **kwargs) -> None:
    notify(
        event=Event.EVALUATION_SIGNED,
        users=[*to.city_admins(), *to.auditors()],
        text=f"{evaluation.programme.year}年度绩效自评已确认签发",
        url=reverse("evaluation:detail", args=[evaluation.pk]),
    )
