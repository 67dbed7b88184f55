"""The seed's institutions through the whole grading workflow, via the same services users call.

Scores are invented for the demo (the seed publishes none); two institutions get a rectification
request, as the seed says "对部分机构提出了整改意见". Every step is given the day it happened in
2022 (`DAYS`), so the timeline reads in the year's order, with the inspections' and the council's dates.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from guifan.accounts.models import User
from guifan.grading import services
from guifan.grading.constants import Action, InspectionKind
from guifan.grading.loading import load_standard_file
from guifan.grading.services.inspections import scored_items
from guifan.registry.models import Institution

# Points below full marks at the city inspection, per institution in the order of the demo file.
DEDUCTIONS = [3, 6, 1, 11, 4, 2, 9, 5, 0, 7, 13, 3]
RECTIFIED = {"西山区甘棠盲人按摩店", "昆明市官渡区张学光按摩店"}
# The day each step took place (invented, within the seed's execution period 2022-04-01 – 2022-08-31).
DAYS = {
    Action.SUBMIT: date(2022, 5, 10),
    Action.APPROVE: date(2022, 5, 20),
    Action.START_CONSTRUCTION: date(2022, 6, 1),
    Action.FINISH_SELF_INSPECTION: date(2022, 7, 5),
    Action.START_CITY_INSPECTION: date(2022, 7, 12),
    Action.REQUIRE_RECTIFICATION: date(2022, 7, 12),
    Action.SUBMIT_RECTIFICATION: date(2022, 7, 20),
    Action.START_REINSPECTION: date(2022, 7, 25),
}
COUNTY_DAY, CITY_DAY, REINSPECTION_DAY = date(2022, 7, 5), date(2022, 7, 12), date(2022, 7, 25)
DEMO_PDF = b"%PDF-1.4\n% Guifan demo evidence\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _evidence(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(f"{name}.pdf", DEMO_PDF, content_type="application/pdf")


def _score(by, inspection, items, deduction: int, *, low_item: str = "", label: str) -> None:
    scores, files = {}, {}
    remaining = deduction
    for item in items:
        points = item.max_points
        if item.code in {"2.1", "9.1"} and remaining:
            taken = min(remaining, int(item.max_points))
            points, remaining = points - taken, remaining - taken
        if item.code == low_item:
            points = item.max_points - 3
        scores[item.id] = (Decimal(points), "")
        if item.evidence_required:
            files[item.id] = _evidence(f"{item.code}-{label}佐证")
    services.inspection_save(by=by, inspection_id=inspection.pk, scores=scores, files=files, complete=True)


def load_grading_demo(admin: User, programme, enrolments: list[dict]) -> None:
    standard = load_standard_file()
    expert = User.objects.get(username="expert")
    officers = {u.county_id: u for u in User.objects.filter(role="county_officer")}
    approved = []
    for number, spec in enumerate(enrolments):
        institution = Institution.objects.get(name=spec["institution"])
        officer = officers[institution.county_id]
        application = services.application_create(
            by=officer,
            programme=programme,
            institution=institution,
            standard=standard,
            statement="自愿申报参加规范化建设量化分级评定。",
        )

        def step(action, by=officer, on=None, application=application):
            services.application_transition(
                by=by, application_id=application.pk, action=action, on=on or DAYS[action]
            )

        for action in (Action.SUBMIT, Action.APPROVE, Action.START_CONSTRUCTION):
            step(action)
        if spec["accepted_on"] is None:
            continue  # 东川区: construction not finished within the year
        items = scored_items(standard)
        deduction = DEDUCTIONS[number % len(DEDUCTIONS)]
        county = services.inspection_start(
            by=officer, application_id=application.pk, kind=InspectionKind.COUNTY, on=COUNTY_DAY
        )
        _score(officer, county, items, max(0, deduction - 2), label="自检")
        step(Action.FINISH_SELF_INSPECTION)
        step(Action.START_CITY_INSPECTION, by=expert)
        city = services.inspection_start(
            by=expert, application_id=application.pk, kind=InspectionKind.CITY, on=CITY_DAY
        )
        rectify = institution.name in RECTIFIED
        _score(expert, city, items, deduction, low_item="5.1" if rectify else "", label="市级检查")
        if rectify:
            item = next(i for i in items if i.code == "5.1")
            services.rectification_request(
                by=expert,
                inspection_id=city.pk,
                item_id=item.id,
                request="补齐消毒记录，按摩巾一客一换一消毒。",
                due=date(2022, 7, 22),
            )
            step(Action.REQUIRE_RECTIFICATION, by=expert)
            rectification = application.rectifications.get()
            services.rectification_respond(
                by=officer,
                rectification_id=rectification.pk,
                response="已建立消毒登记本并配置消毒柜。",
                upload=_evidence("整改佐证"),
            )
            step(Action.SUBMIT_RECTIFICATION)
            step(Action.START_REINSPECTION, by=expert)
            again = services.inspection_start(
                by=expert,
                application_id=application.pk,
                kind=InspectionKind.REINSPECTION,
                on=REINSPECTION_DAY,
            )
            services.inspection_save(
                by=expert,
                inspection_id=again.pk,
                scores={item.id: (item.max_points, "整改到位")},
                files={item.id: _evidence("复查佐证")},
                complete=True,
            )
        step(Action.ACCEPT, by=expert, on=REINSPECTION_DAY if rectify else CITY_DAY)
        approved.append(application.pk)
    batch = services.batch_publish(
        by=admin,
        programme=programme,
        application_ids=approved,
        starts_on=date(2022, 7, 27),
        working_days=5,
        contact="昆明市残疾人综合服务中心（演示），电话 0871-6000 0000（虚构）",
        title=f"{programme.year}年度盲人保健按摩机构规范化建设量化分级评定结果公示",
    )
    services.council_approve(
        by=admin,
        batch_id=batch.pk,
        meeting_date=batch.ends_on + timedelta(days=2),
        number="昆残理〔2022〕演示1号",
    )
