"""A blind operator's own steps by keyboard alone: apply, follow the status, upload rectification evidence."""

import re
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from guifan.accounts.models import User
from guifan.grading import services
from guifan.grading.constants import Action, InspectionKind, State
from guifan.grading.models import Application
from guifan.grading.services.inspections import scored_items
from tests.factories import InstitutionFactory

from .checks import assert_accessible, tab_until
from .conftest import ARTIFACTS

PDF = b"%PDF-1.4\n%operator evidence\n%%EOF\n"


def _to_rectification(application: Application) -> None:
    """What the county and the inspector do in between, through the services."""
    officer, expert = User.objects.get(username="panlong"), User.objects.get(username="expert")

    def act(by, *actions):
        for action in actions:
            services.application_transition(by=by, application_id=application.pk, action=action)

    act(officer, Action.APPROVE, Action.START_CONSTRUCTION)

    for by, kind in [(officer, InspectionKind.COUNTY), (expert, InspectionKind.CITY)]:
        if kind == InspectionKind.CITY:
            act(officer, Action.FINISH_SELF_INSPECTION)
            act(expert, Action.START_CITY_INSPECTION)
        inspection = services.inspection_start(
            by=by, application_id=application.pk, kind=kind, on=date(2022, 7, 1)
        )
        items = scored_items(application.standard)
        scores = {
            i.id: (i.max_points - (3 if i.code == "5.1" and kind == InspectionKind.CITY else 0), "")
            for i in items
        }
        files = {i.id: SimpleUploadedFile("e.pdf", PDF) for i in items if i.evidence_required}
        services.inspection_save(
            by=by, inspection_id=inspection.pk, scores=scores, files=files, complete=True
        )
    item = next(i for i in scored_items(application.standard) if i.code == "5.1")
    services.rectification_request(
        by=expert, inspection_id=inspection.pk, item_id=item.id, request="补齐消毒记录", due=date(2022, 7, 30)
    )
    act(expert, Action.REQUIRE_RECTIFICATION)


def test_apply_follow_status_and_upload_rectification_evidence_by_keyboard(demo, page, sign_in):
    institution = InstitutionFactory(name="明亮盲人按摩店", county_name="盘龙区")
    User.objects.create(username="mingliang", role="operator", institution=institution)
    sign_in("mingliang")

    # Apply: 我的申请 offers the year open for applications as a button.
    page.goto(reverse("grading:list"))
    assert page.locator("h1").inner_text() == "我的申请"
    assert_accessible(page)
    tab_until(page, lambda el: el["tag"] == "a" and el["text"] == "申请参加2022年度")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text().startswith("申报2022年度")
    assert_accessible(page)
    tab_until(page, lambda el: el["id"] == "id_statement")
    page.keyboard.type("我店有4名盲人按摩师，愿意参加规范化建设。")
    tab_until(page, lambda el: el["text"] == "保存草稿")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "当前状态：草稿" in page.locator(".status-panel").inner_text()
    tab_until(page, lambda el: el["text"] == "提交申请")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("[role=status]").inner_text() == "已提交申请。"
    assert "县区残联正在审核您的申请" in page.locator(".status-panel").inner_text()
    assert_accessible(page)

    # The county and the city do their part; the operator comes back to a rectification request.
    application = Application.objects.get(institution=institution)
    _to_rectification(application)
    page.reload()
    panel = page.locator(".status-panel").inner_text()
    assert "整改中" in panel and "2022年7月30日前" in panel
    tab_until(page, lambda el: el["tag"] == "a" and el["text"].startswith("填写整改情况"))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert_accessible(page)
    tab_until(page, lambda el: el["id"] == "id_response")
    page.keyboard.type("已建立消毒登记本，配置消毒柜。")
    tab_until(page, lambda el: el["id"] == "id_file")
    evidence = ARTIFACTS / "消毒记录.pdf"
    ARTIFACTS.mkdir(exist_ok=True)
    evidence.write_bytes(PDF)
    chooser = None
    for _ in range(3):  # under load Chromium sometimes drops the first keypress on a file input
        try:
            with page.expect_file_chooser(timeout=5000) as opened:
                page.keyboard.press("Space")
            chooser = opened.value
            break
        except PlaywrightTimeout:
            continue
    assert chooser is not None, "Space on the focused file field did not open the file chooser"
    chooser.set_files(str(evidence))
    tab_until(page, lambda el: el["text"] == "保存")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/applications/{application.pk}/$"))
    # The rectification item comes first in reading and tab order, the final submit after it.
    order = page.evaluate(
        """() => [...document.querySelectorAll('main a, main button')].map(e => e.textContent.trim())"""
    )
    assert next(i for i, t in enumerate(order) if t.startswith("填写整改情况")) < order.index("提交整改材料")
    tab_until(page, lambda el: el["text"] == "提交整改材料")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("[role=status]").inner_text() == "已提交整改材料。"
    assert Application.objects.get(pk=application.pk).state == State.RECTIFICATION_SUBMITTED
    assert application.attachments.filter(purpose="rectification", original_name="消毒记录.pdf").exists()
    assert "整改材料已提交，等待复查" in page.locator(".status-panel").inner_text()
