"""After the grade: grades and their certificates, the 2023 review round of the demo, a review
form (pending), a rectification to answer, publicity of a downgrade and the council's decision;
the public register and certificate verification; the inbox and its e-mail settings."""

from datetime import date

from tests.browser.pagespec import Page, submit_empty


def _grade(name: str = "昆明市官渡区张学光按摩店"):
    def pk() -> int:
        from guifan.supervision.models import Grade

        return Grade.objects.filter(institution__name=name, state="valid").get().pk

    return pk


def _round() -> int:
    from guifan.supervision.models import ReviewRound

    return ReviewRound.objects.get(year=2023).pk


def _downgraded_review() -> int:
    from guifan.supervision.models import Review

    return Review.objects.get(outcome="downgrade").pk


def _spot_check(outcome: str = ""):
    """A spot check by the inspector of a grade in force: pending, or recorded with an outcome."""

    def pk() -> int:
        from guifan.accounts.models import User
        from guifan.grading.services.inspections import scored_items
        from guifan.supervision import services
        from guifan.supervision.models import Grade
        from tests.grading.conftest import pdf

        expert = User.objects.get(username="expert")
        grade = Grade.objects.filter(institution__name="昆明市官渡区星睿推拿按摩店", state="valid").get()
        review = services.spot_check_create(by=expert, grade_id=grade.pk)
        if outcome:
            items = scored_items(review.template)
            extra = {"due": date(2099, 1, 1)} if outcome == "rectify" else {"new_level": "二级"}
            services.review_record(
                by=expert,
                review_id=review.pk,
                on=date.today(),
                outcome=outcome,
                reason="价格未公示",
                scores={i.id: (i.max_points, "") for i in items},
                files={i.id: pdf() for i in items if i.evidence_required},
                **extra,
            )
        return review.pk

    return pk


def _open_notice() -> int:
    from guifan.accounts.models import User
    from guifan.supervision import services

    review = _spot_check("downgrade")()
    return services.notice_publish(
        by=User.objects.get(username="city"),
        review_ids=[review],
        starts_on=date(2020, 1, 6),
        working_days=5,
        contact="电话",
        title="等级变更公示（浏览器检查）",
    ).pk


def _current_notice() -> int:
    """A notice in its period, so that its page takes objections."""
    from guifan.accounts.models import User
    from guifan.supervision import services

    review = _spot_check("downgrade")()
    return services.notice_publish(
        by=User.objects.get(username="city"),
        review_ids=[review],
        starts_on=date.today(),
        working_days=5,
        contact="电话",
        title="等级变更公示（公示中）",
    ).pk


def _objection() -> int:
    from guifan.supervision import services
    from guifan.supervision.models import GradeNotice

    notice = GradeNotice.objects.get(pk=_current_notice())
    return services.grade_objection_file(
        notice_id=notice.pk,
        review_id=notice.reviews.get().pk,
        content="已补足持证人员",
        contact="13900000000",
    )


def _objection_pk() -> int:
    return _objection().pk


def _objection_reference() -> str:
    return _objection().reference


def _demo_notice() -> int:
    from guifan.supervision.models import GradeNotice

    return GradeNotice.objects.order_by("id").first().pk


def _certificate_number() -> str:
    from guifan.supervision.models import Grade

    return Grade.objects.get(institution__name="昆明市盘龙区青玉保健按摩店").certificate_number


def verify_number(page) -> None:
    page.fill("#id_number", _certificate_number())
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").click()
    page.locator("#result-title").wait_for()


verify_number.succeeds = True


def email_without_address(page) -> None:
    page.fill("#id_email", "")
    page.check("#id_events_0")
    with page.expect_navigation():
        page.locator(
            "main form.form button[type=submit]"
        ).click()  # a successful submit: not one of the failed-submit checks


PAGES = [
    Page("grades-city", "supervision:list", "city"),
    Page("grades-operator", "supervision:list", "qingyu"),
    Page("grade-detail", "supervision:detail", "guandu", args=(_grade(),)),
    Page(
        "grade-certificate", "supervision:certificate", "qingyu", args=(_grade("昆明市盘龙区青玉保健按摩店"),)
    ),
    Page("grade-cancel", "supervision:cancel", "guandu", args=(_grade(),)),
    Page("grade-cancel-errors", "supervision:cancel", "guandu", args=(_grade(),), prepare=submit_empty),
    Page("review-rounds", "supervision:rounds", "city"),
    Page("review-round-new", "supervision:round_new", "city"),
    Page("review-round", "supervision:round", "guandu", args=(_round,)),
    Page("review-closed", "supervision:review", "city", args=(_downgraded_review,)),
    Page("review-form", "supervision:review", "expert", args=(_spot_check(),)),
    Page("review-form-errors", "supervision:review", "expert", args=(_spot_check(),), prepare=submit_empty),
    Page("review-rectifying", "supervision:review", "guandu", args=(_spot_check("rectify"),)),
    Page("notice-new", "supervision:notice_new", "city"),
    Page("decision-new", "supervision:decision_new", "city", args=(_open_notice,)),
    Page(
        "decision-new-errors", "supervision:decision_new", "city", args=(_open_notice,), prepare=submit_empty
    ),
    Page("register", "register:list", None),
    Page("register-verify", "register:verify", None, prepare=verify_number),
    Page("register-verify-errors", "register:verify", None, prepare=submit_empty),
    Page("register-decisions", "register:decisions", None),
    Page("register-notice", "register:notice", None, args=(_demo_notice,)),
    Page("register-notice-open", "register:notice", None, args=(_current_notice,)),
    Page(
        "register-notice-objection-errors",
        "register:notice",
        None,
        args=(_current_notice,),
        prepare=submit_empty,
    ),
    Page("register-objection", "register:objection", None, args=(_objection_reference,)),
    Page("register-objection-lookup", "register:objection_lookup", None),
    Page("register-objection-lookup-errors", "register:objection_lookup", None, prepare=submit_empty),
    Page("grade-objection", "supervision:objection", "city", args=(_objection_pk,)),
    Page(
        "grade-objection-errors", "supervision:objection", "city", args=(_objection_pk,), prepare=submit_empty
    ),
    Page("inbox", "notifications:inbox", "guandu"),
    Page("inbox-settings", "notifications:settings", "guandu"),
    Page("inbox-settings-errors", "notifications:settings", "guandu", prepare=email_without_address),
]
NOT_PAGES = {
    "supervision:certificate_docx": "a .docx download",
    "supervision:spot_check": "POST only; redirects to the new spot check's review page",
    "supervision:evidence": "a file download",
    "notifications:read": "POST only; marks the message read and opens its record",
    "notifications:read_all": "POST only; redirects to the inbox",
}
