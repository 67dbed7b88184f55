"""Every page, in Chromium, passes axe-core and our own checks, at 100% and at 400% zoom."""

import importlib
from pathlib import Path

import pytest
from django.urls import reverse

from guifan.registry.models import Institution
from tests.factories import run_jobs
from tests.urlnames import url_names

from .checks import assert_accessible, focused
from .conftest import ARTIFACTS
from .pagespec import Page, submit_empty


def _institution(name: str = "昆明市盘龙区青玉保健按摩店") -> int:
    return Institution.objects.get(name=name).pk


def _payment() -> int:
    from guifan.funds.models import LedgerEntry

    return LedgerEntry.objects.get(document="盘龙-2022-001").pk


def _application(name: str = "昆明市官渡区张学光按摩店"):
    from guifan.grading.models import Application

    return lambda: Application.objects.get(institution__name=name).pk


def _city_inspection() -> int:
    from guifan.grading.models import Inspection

    return (
        Inspection.objects.filter(application__institution__name="昆明市官渡区张学光按摩店", kind="city")
        .first()
        .pk
    )


def _rectification() -> int:
    from guifan.grading.models import Rectification

    return Rectification.objects.get(application__institution__name="昆明市官渡区张学光按摩店").pk


def _batch() -> int:
    from guifan.grading.models import PublicityBatch

    return PublicityBatch.objects.get().pk


def _open_objection() -> int:
    from guifan.grading.models import Objection, PublicityBatch

    batch = PublicityBatch.objects.get()
    return Objection.objects.create(
        batch=batch, application=batch.applications.first(), content="演示异议"
    ).pk


def _questionnaire() -> int:
    from guifan.surveys.models import Questionnaire

    return Questionnaire.objects.get().pk


def _survey_link() -> str:
    from guifan.surveys.models import Distribution

    return str(Distribution.objects.get().slug)


def _evaluation(prefix: str = "决策"):
    from guifan.evaluation.models import Evaluation

    return lambda: Evaluation.objects.get(template__startswith=prefix).pk


def _indicator() -> int:
    from guifan.evaluation.models import Indicator

    return Indicator.objects.get(evaluation__template__startswith="项目支出", code="311").pk


def upload_seed_report(page) -> None:
    page.set_input_files(
        "#id_file", str(Path(__file__).parents[1] / "reports" / "fixtures" / "seed-report.docx")
    )
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").click()


def upload_bad_file(page) -> None:
    from tests.registry.sheets import STANDARD_HEADER, standard_row, xlsx

    path = Path(ARTIFACTS) / "bad-import.xlsx"
    ARTIFACTS.mkdir(exist_ok=True)
    path.write_bytes(
        xlsx([STANDARD_HEADER, standard_row(phone="123"), standard_row(county="火星区")]).getvalue()
    )
    page.set_input_files("#id_file", str(path))
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").click()
    run_jobs()  # the worker, in this process; the job page's poll then loads the result
    page.locator("#import-errors-title").wait_for()


PAGES = [
    Page("login", "accounts:login", None),
    Page("login-error", "accounts:login", None, prepare=submit_empty),
    Page("home-city", "home", "city"),
    Page("home-operator", "home", "qingyu"),
    Page("institution-list", "registry:list", "city"),
    Page("institution-list-masked", "registry:list", "auditor"),
    Page("institution-detail", "registry:detail", "panlong", args=(_institution,)),
    Page("institution-create", "registry:create", "city"),
    Page("institution-create-errors", "registry:create", "city", prepare=submit_empty),
    Page("institution-edit-operator", "registry:edit", "qingyu", args=(_institution,)),
    Page("institution-import", "registry:import", "city"),
    Page("institution-import-rejected", "registry:import", "city", prepare=upload_bad_file),
    Page("audit-log", "audit:list", "auditor"),
    Page("funds-programmes", "funds:programmes", "city"),
    Page("funds-programme-city", "funds:programme", "city", args=(2022,)),
    Page("funds-programme-county", "funds:programme", "panlong", args=(2022,)),
    Page("funds-programme-new", "funds:programme_new", "city"),
    Page("funds-programme-new-errors", "funds:programme_new", "city", prepare=submit_empty),
    Page("funds-source-new", "funds:source_new", "city", args=(2022,)),
    Page("funds-ledger", "funds:ledger", "city", args=(2022,)),
    Page("funds-transfer-new", "funds:entry_new", "city", args=(2022, "transfer")),
    Page("funds-reverse", "funds:entry_reverse", "panlong", args=(_payment,)),
    Page("funds-enrolments", "funds:enrolments", "panlong", args=(2022,)),
    Page("grading-list", "grading:list", "city"),
    Page("grading-list-county", "grading:list", "guandu"),
    Page("grading-new", "grading:new", "dongchuan"),
    Page(
        "grading-detail-operator",
        "grading:detail",
        "qingyu",
        args=(_application("昆明市盘龙区青玉保健按摩店"),),
    ),
    Page("grading-detail-city", "grading:detail", "city", args=(_application(),)),
    Page(
        "grading-detail-county-actions",
        "grading:detail",
        "dongchuan",
        args=(_application("昆明市东川区明心盲人按摩店"),),
    ),
    Page("grading-compare", "grading:compare", "expert", args=(_application(),)),
    Page("grading-certificate", "grading:certificate", "guandu", args=(_application(),)),
    Page("grading-inspection", "grading:inspection", "expert", args=(_city_inspection,)),
    Page("grading-rectification-new", "grading:rectification_new", "expert", args=(_city_inspection,)),
    Page("grading-rectification", "grading:rectification", "guandu", args=(_rectification,)),
    Page("grading-batch-new", "grading:batch_new", "city", args=(2022,)),
    Page("grading-batch", "grading:batch", "city", args=(_batch,)),
    Page("grading-council", "grading:council", "city", args=(_batch,)),
    Page("grading-objection", "grading:objection", "city", args=(_open_objection,)),
    Page("grading-accepted", "grading:accepted", "auditor", args=(2022,)),
    Page("surveys-list", "surveys:list", "city"),
    Page("surveys-results", "surveys:results", "city", args=(_questionnaire,)),
    Page("surveys-results-county", "surveys:results", "panlong", args=(_questionnaire,)),
    # The demo's 2022 survey is closed; pages_surveys.py checks the entry pages on an open one.
    Page("survey-thanks", "survey:thanks", None, args=(_survey_link,)),
    Page("evaluation-list", "evaluation:list", "city"),
    Page("evaluation-detail", "evaluation:detail", "city", args=(_evaluation(),)),
    Page("evaluation-detail-national", "evaluation:detail", "auditor", args=(_evaluation("项目支出"),)),
    Page("evaluation-declaration", "evaluation:declaration", "city", args=(_evaluation(),)),
    Page("evaluation-self", "evaluation:self_evaluation", "city", args=(_evaluation("项目支出"),)),
    Page("evaluation-indicator", "evaluation:indicator", "city", args=(_indicator,)),
    Page("evaluation-action-new", "evaluation:action_new", "city", args=(_evaluation(),)),
    Page("report", "reports:report", "city", args=(2022,)),
    Page("report-narrative", "reports:narrative", "city", args=(2022,)),
    Page("report-check", "reports:check", "panlong"),
    Page("report-check-error", "reports:check", "panlong", prepare=submit_empty),
    Page("report-check-findings", "reports:check", "panlong", prepare=upload_seed_report),
    Page("publicity-list", "publicity:list", None),
    Page("publicity-batch", "publicity:batch", None, args=(_batch,)),
]
# URL names that are not pages a person looks at (POST-only actions or file downloads).
NOT_PAGES = {
    "accounts:logout": "POST only; redirects to sign-in",
    "accounts:keepalive": "POST only; extends the session",
    "registry:export": "an .xlsx download",
    "funds:ledger_export": "an .xlsx download",
    "funds:county_table_export": "an .xlsx download",
    "grading:act": "POST only; errors re-render the application page, which is checked",
    "grading:inspection_start": "POST only; redirects to the scoring page",
    "grading:attachment": "a file download",
    "grading:certificate_docx": "a .docx download",
    "surveys:results_export": "an .xlsx download",
    "surveys:answers_export": "an .xlsx download",
    "evaluation:compute": "POST only; redirects to the evaluation page",
    "evaluation:action_close": "POST only; redirects to the evaluation page",
    "evaluation:sign_off": "POST only; redirects to the evaluation page",
    "evaluation:rules": "POST only; its form is on the evaluation page, redirects there",
    "evaluation:declaration_xlsx": "an .xlsx download",
    "evaluation:self_evaluation_xlsx": "an .xlsx download",
    "evaluation:self_evaluation_docx": "a .docx download",
    "evaluation:declaration_docx": "a .docx download",
}


# Each area's newer pages live in its own file, tests/browser/pages_<area>.py, with PAGES and NOT_PAGES.
for _module in sorted(Path(__file__).parent.glob("pages_*.py")):
    _extra = importlib.import_module(f"tests.browser.{_module.stem}")
    PAGES += _extra.PAGES
    NOT_PAGES |= _extra.NOT_PAGES


def test_every_page_has_a_browser_check():
    assert {p.url_name for p in PAGES} | set(NOT_PAGES) == url_names()


@pytest.mark.parametrize("spec", PAGES, ids=lambda p: p.key)
def test_page_passes_axe_and_reflows_at_400_percent(spec, demo, page, sign_in):
    if spec.user:
        sign_in(spec.user)
    response = page.goto(spec.url())
    assert response.status == 200
    if spec.prepare:
        spec.prepare(page)
    assert_accessible(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{spec.key}-100.png"), full_page=True)
    # 400% zoom of a 1280 px window is a 320 CSS px viewport (WCAG 1.4.10 Reflow).
    page.set_viewport_size({"width": 320, "height": 640})
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    page.screenshot(path=str(ARTIFACTS / f"{spec.key}-400.png"), full_page=True)
    assert overflow <= 0, f"page scrolls sideways by {overflow}px at 320px wide"
    assert_accessible(page)


@pytest.mark.parametrize(
    "spec",
    [
        p
        for p in PAGES
        if p.prepare and p.prepare is not upload_seed_report and not getattr(p.prepare, "succeeds", False)
    ],
    ids=lambda p: p.key,
)
def test_after_a_failed_submit_the_title_says_error_and_focus_is_on_the_summary(spec, demo, page, sign_in):
    if spec.user:
        sign_in(spec.user)
    page.goto(spec.url())
    spec.prepare(page)
    assert page.title().startswith("错误：")
    assert "error-summary" in focused(page)["cls"]


def test_not_found_and_forbidden_pages_are_accessible(demo, page, sign_in):
    sign_in("panlong")
    guandu = _institution("昆明市官渡区张学光按摩店")
    assert page.goto(reverse("registry:detail", args=[guandu])).status == 404
    assert_accessible(page)
    assert page.goto(reverse("audit:list")).status == 403
    assert_accessible(page)


def test_an_upload_beyond_the_site_limit_gets_an_accessible_page(demo, page, sign_in, settings, tmp_path):
    settings.GUIFAN_MAX_REQUEST_BYTES = 100 * 1024
    sign_in("city")
    page.goto(reverse("registry:import"))
    big = tmp_path / "big.xlsx"
    big.write_bytes(b"PK\x03\x04" + b"\0" * 200 * 1024)
    page.set_input_files("#id_file", str(big))
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").click()
    assert page.locator("h1").inner_text() == "文件过大"
    assert_accessible(page)
