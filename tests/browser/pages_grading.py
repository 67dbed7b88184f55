"""The grading pages added for the second year: standards, the operator's own list, publicity with
nothing to publish, the publicity form with one eligible institution, and the objection follow-up."""

from tests.browser.pagespec import Page, submit_empty


def _standard() -> int:
    from guifan.grading.models import Standard

    return Standard.objects.order_by("id").first().pk


def _draft_standard() -> int:
    """An editable copy of the demo's (frozen) standard, made once per demo load."""
    from guifan.accounts.models import User
    from guifan.grading.models import Standard
    from guifan.grading.services import standard_new_version

    draft = Standard.objects.filter(frozen=False).first()
    if draft is None:
        base = Standard.objects.order_by("id").first()
        draft = standard_new_version(by=User.objects.get(username="city"), standard=base, effective_year=2023)
    return draft.pk


def _one_accepted_year() -> int:
    """2022 with one application put back to 验收通过, so the publicity form has an option."""
    from guifan.grading.models import Application

    Application.objects.filter(institution__name="昆明市五华区康洁按摩店").update(
        state="accepted", batch=None
    )
    return 2022


def _submit(page) -> None:
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").first.click()


def clear_name(page) -> None:
    page.fill("#id_name", "")
    _submit(page)


def overlapping_bands(page) -> None:
    page.fill("#id_minimum_2", "95")
    _submit(page)


def points_not_100(page) -> None:
    page.fill("#id_max_points_2", "9")
    _submit(page)


def _objection() -> str:
    from guifan.grading.models import Objection, PublicityBatch

    batch = PublicityBatch.objects.order_by("id").first()
    Objection.objects.get_or_create(
        reference="2022-0901",
        defaults={"batch": batch, "application": batch.applications.first(), "content": "x"},
    )
    return "2022-0901"


def _returned() -> int:
    """张学光’s 2022 application put back to 已退回修改 with a reason, so the statement form shows."""
    from guifan.grading.models import Application, Transition

    application = Application.objects.get(institution__name="昆明市官渡区张学光按摩店")
    Application.objects.filter(pk=application.pk).update(state="returned", statement="本店现状")
    Transition.objects.get_or_create(
        application=application,
        action="return",
        defaults={"from_state": "submitted", "to_state": "returned", "comment": "请写明按摩师人数"},
    )
    return application.pk


PAGES = [
    Page("grading-detail-returned", "grading:detail", "guandu", args=(_returned,)),
    Page("grading-my-applications", "grading:list", "qingyu"),
    Page("grading-standards", "grading:standards", "city"),
    Page("grading-standard", "grading:standard", "auditor", args=(_standard,)),
    Page("grading-standard-draft", "grading:standard", "city", args=(_draft_standard,)),
    Page("grading-standard-new", "grading:standard_new", "city"),
    Page("grading-standard-new-errors", "grading:standard_new", "city", prepare=clear_name),
    Page("grading-standard-edit", "grading:standard_edit", "city", args=(_draft_standard,)),
    Page(
        "grading-standard-edit-errors",
        "grading:standard_edit",
        "city",
        args=(_draft_standard,),
        prepare=overlapping_bands,
    ),
    Page("grading-standard-items", "grading:standard_items", "city", args=(_draft_standard,)),
    Page(
        "grading-standard-items-errors",
        "grading:standard_items",
        "city",
        args=(_draft_standard,),
        prepare=points_not_100,
    ),
    Page("grading-batch-nothing-to-publish", "grading:batch_new", "city", args=(2022,)),
    Page("grading-batch-new-form", "grading:batch_new", "city", args=(_one_accepted_year,)),
    Page(
        "grading-batch-new-form-errors",
        "grading:batch_new",
        "city",
        args=(_one_accepted_year,),
        prepare=submit_empty,
    ),
    Page("publicity-objection-status", "publicity:objection_status", None),
    Page("publicity-objection", "publicity:objection", None, args=(_objection,)),
    Page("publicity-objection-status-errors", "publicity:objection_status", None, prepare=submit_empty),
]
NOT_PAGES: dict = {
    "grading:statement": "POST only: the 修改申请说明 form on the application page, which redirects back",
}
