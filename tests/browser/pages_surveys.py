"""Survey pages for the browser/axe check: creating, setting up and closing a survey, and the
public link of a survey not yet open or closed. The demo's 2022 survey is closed, so pages that
take answers use an open 2023 survey (tests/surveys/builders.py)."""

from tests.surveys.builders import closed_link, not_open_link, open_link, open_survey

from .pagespec import Page, submit_empty


def _open() -> int:
    return open_survey().pk


def clear_title_and_submit(page) -> None:
    page.fill("#id_title", "")
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").first.click()


PAGES = [
    Page("surveys-new", "surveys:new", "city"),
    Page("surveys-new-errors", "surveys:new", "city", prepare=submit_empty),
    Page("surveys-edit", "surveys:edit", "city", args=(_open,)),
    Page("surveys-edit-errors", "surveys:edit", "city", args=(_open,), prepare=clear_title_and_submit),
    Page("surveys-close", "surveys:close", "city", args=(_open,)),
    Page("surveys-results-open", "surveys:results", "city", args=(_open,)),
    Page("surveys-distribution-new-open", "surveys:distribution_new", "city", args=(_open,)),
    Page("surveys-paper-open", "surveys:paper", "panlong", args=(_open,)),
    Page("surveys-paper-open-errors", "surveys:paper", "panlong", args=(_open,), prepare=submit_empty),
    Page("surveys-tally-open", "surveys:tally", "fumin", args=(_open,)),
    Page("survey-answer-open", "survey:answer", None, args=(open_link,)),
    Page("survey-answer-open-errors", "survey:answer", None, args=(open_link,), prepare=submit_empty),
    Page("survey-closed", "survey:answer", None, args=(closed_link,)),
    Page("survey-not-open", "survey:answer", None, args=(not_open_link,)),
]
NOT_PAGES: dict = {}
