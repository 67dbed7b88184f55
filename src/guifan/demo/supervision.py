"""The demo's 2023 annual review of the 2022 grades. Invented, like the rest of the demo's
supervision data (README): most grades kept, one asked to rectify and kept on re-check, one
lowered from 一级 to 二级 after publicity and a council decision. The round renews kept grades to
2027-08-03 so that the public register has grades in force today."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from guifan.accounts.constants import Role
from guifan.accounts.models import User
from guifan.grading.services.inspections import scored_items
from guifan.supervision import services
from guifan.supervision.constants import Outcome
from guifan.supervision.models import Review, ReviewRound

from .grading import DEMO_PDF

YEAR = 2023
REVIEWED_ON = date(2023, 6, 15)
RECTIFY = "昆明市官渡区菊梅保健服务部"
DOWNGRADE = "昆明市五华区康康保健按摩店"
DEDUCTIONS = {
    RECTIFY: {"2.2": ("6", "消毒记录5月缺8天，按摩床单未做到一客一换")},
    DOWNGRADE: {
        "1.2": ("6", "2名持证盲人按摩师离职，在岗持证人员不足"),
        "3.1": ("6", "价格公示无盲文或语音说明"),
        "2.1": ("5", "消防通道堆放杂物"),
    },
}


def _reviewer(review: Review, admin: User) -> User:
    return User.objects.filter(role=Role.COUNTY_OFFICER, county_id=review.county_id).first() or admin


def load_supervision_demo(admin: User) -> None:
    if ReviewRound.objects.filter(year=YEAR).exists():
        return
    round_ = services.round_open(
        by=admin,
        year=YEAR,
        title=f"{YEAR}年度盲人保健按摩机构等级年审（演示）",
        opened_on=date(YEAR, 5, 8),
        due_on=date(YEAR, 9, 30),
        renew_to=date(2027, 8, 3),
    )
    for review in round_.reviews.select_related("grade__institution"):
        name = review.grade.institution.name
        deducted = DEDUCTIONS.get(name, {})
        scores = {
            item.id: (item.max_points - int(deducted[item.code][0]), deducted[item.code][1])
            if item.code in deducted
            else (item.max_points, "")
            for item in scored_items(review.template)
        }
        files = {
            item.id: SimpleUploadedFile(f"年审-{item.code}.pdf", DEMO_PDF, content_type="application/pdf")
            for item in scored_items(review.template)
            if item.evidence_required
        }
        outcome, extra = Outcome.KEEP, {}
        if name == RECTIFY:
            outcome, extra = (
                Outcome.RECTIFY,
                {"reason": "卫生条目扣6分：消毒记录不全", "due": date(YEAR, 7, 15)},
            )
        elif name == DOWNGRADE:
            outcome, extra = (
                Outcome.DOWNGRADE,
                {
                    "reason": "年审得分83分，低于一级标准：持证人员不足、无障碍价格公示缺失、消防通道堵塞",
                    "new_level": "二级",
                },
            )
        reviewer = _reviewer(review, admin)
        services.review_record(
            by=reviewer,
            review_id=review.pk,
            on=REVIEWED_ON,
            scores=scores,
            files=files,
            outcome=outcome,
            today=REVIEWED_ON,
            **extra,
        )
        if name == RECTIFY:
            operator = User.objects.filter(role=Role.OPERATOR, institution=review.grade.institution).first()
            services.review_rectification_answer(
                by=operator or reviewer,
                review_id=review.pk,
                response="已补齐消毒登记，床单按一客一换执行，附照片",
            )
            services.review_recheck(
                by=reviewer,
                review_id=review.pk,
                outcome=Outcome.KEEP,
                reason="复查合格",
                on=date(YEAR, 7, 18),
            )
    proposed = list(round_.reviews.filter(outcome=Outcome.DOWNGRADE).values_list("pk", flat=True))
    notice = services.notice_publish(
        by=admin,
        review_ids=proposed,
        starts_on=date(YEAR, 10, 9),
        working_days=5,
        contact="昆明市盲人按摩指导中心，电话0871-6000000（演示）",
        title=f"{YEAR}年度盲人保健按摩机构等级年审降级公示（演示）",
    )
    services.decision_record(
        by=admin,
        notice_id=notice.pk,
        meeting_date=date(YEAR, 10, 20),
        number="昆残理〔2023〕9号（演示）",
        today=date(YEAR, 10, 20),
    )
