"""Keyboard-only walk-throughs (Tab, Shift+Tab, Enter, Space; no mouse) of the main tasks."""

import re
from urllib.parse import urlparse

from django.urls import reverse

from guifan.registry.models import Institution

from .checks import assert_accessible, focused, tab_until


def test_sign_in_by_keyboard(demo, page):
    page.goto(reverse("accounts:login"))
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "跳到主要内容"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"
    tab_until(page, lambda el: el["id"] == "id_username", limit=3)
    page.keyboard.type("panlong")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_password"
    page.keyboard.type("guifan-demo-2022")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlparse(url).path == "/")
    assert page.locator("h1").inner_text().startswith("您好")


def test_a_wrong_password_by_keyboard_lands_on_the_error_summary(demo, page):
    page.goto(reverse("accounts:login"))
    tab_until(page, lambda el: el["id"] == "id_username")
    page.keyboard.type("panlong")
    page.keyboard.press("Tab")
    page.keyboard.type("wrong-password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("错误：")
    assert "error-summary" in focused(page)["cls"]
    assert "用户名或密码不正确" in page.locator("[data-error-summary]").inner_text()


def test_find_an_institution_and_open_it_by_keyboard(demo, page, sign_in):
    sign_in("city")
    page.goto(reverse("registry:list"))
    tab_until(page, lambda el: el["id"] == "id_q")
    page.keyboard.type("青玉")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=%E9%9D%92%E7%8E%89"))
    assert "共 1 家机构" in page.locator("caption").inner_text()
    tab_until(page, lambda el: el["tag"] == "a" and "青玉" in el["text"])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/institutions/\d+/$"))
    assert page.locator("h1").inner_text() == "昆明市盘龙区青玉保健按摩店"


def test_edit_with_an_error_fix_it_and_save_by_keyboard(demo, page, sign_in):
    sign_in("panlong")
    institution = Institution.objects.get(name="昆明市盘龙区青玉保健按摩店")
    page.goto(reverse("registry:detail", args=[institution.pk]))
    tab_until(page, lambda el: el["text"] == "修改机构信息")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/edit/$"))

    tab_until(page, lambda el: el["id"] == "id_phone")
    page.keyboard.press("Shift+Tab")
    assert focused(page)["id"] == "id_responsible_person"
    page.keyboard.press("Tab")
    page.keyboard.press("Control+A")
    page.keyboard.type("12345")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.title().startswith("错误：")
    assert "error-summary" in focused(page)["cls"]
    assert_accessible(page)
    link = tab_until(page, lambda el: el["tag"] == "a", limit=2)
    assert link["href"] == "#id_phone"
    assert "电话格式不正确" in link["text"]
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "id_phone"
    assert page.locator("#id_phone").input_value() == "12345"

    page.keyboard.press("Control+A")
    page.keyboard.type("0871 6312 3456")
    tab_until(page, lambda el: el["text"] == "保存")
    page.keyboard.press("Space")
    page.wait_for_url(re.compile(r"/institutions/\d+/$"))
    assert page.locator("[role=status]").inner_text() == "已保存修改。"
    assert "0871 6312 3456" in page.locator("main").inner_text()
    institution.refresh_from_db()
    assert institution.phone == "0871-63123456"


def test_the_session_warning_can_be_extended_by_keyboard(demo, page, sign_in, settings):
    settings.SESSION_COOKIE_AGE = 8
    settings.GUIFAN_SESSION_WARNING_SECONDS = 6
    sign_in("panlong")
    page.goto(reverse("registry:list"))
    dialog = page.locator("#session-warning")
    dialog.wait_for(state="visible", timeout=5_000)
    assert focused(page)["text"] == "继续使用"
    assert_accessible(page)
    page.keyboard.press("Enter")
    dialog.wait_for(state="hidden", timeout=5_000)
    # Past the first expiry (8 s after the page loaded), with 1.5 s left of the extension: the file
    # session backend used on SQLite counts the time left in whole seconds.
    page.wait_for_timeout(6_500)
    page.goto(reverse("registry:list"))
    assert page.locator("h1").inner_text() == "机构名录"


def test_an_operator_answers_a_review_rectification_from_the_inbox_by_keyboard(demo, page, sign_in):
    """The blind operator's path: the header says how many messages are unread; the message opens
    the review; the answer is typed and sent without a mouse, and the county is told."""
    from datetime import date

    from guifan.accounts.models import User
    from guifan.grading.services.inspections import scored_items
    from guifan.notifications.models import Notification
    from guifan.supervision import services
    from guifan.supervision.models import Grade
    from tests.grading.conftest import pdf

    expert = User.objects.get(username="expert")
    grade = Grade.objects.get(institution__name="昆明市盘龙区青玉保健按摩店")
    review = services.spot_check_create(by=expert, grade_id=grade.pk)
    items = scored_items(review.template)
    services.review_record(
        by=expert,
        review_id=review.pk,
        on=date.today(),
        outcome="rectify",
        reason="价格公示缺语音说明",
        due=date(2099, 1, 1),
        scores={i.id: (i.max_points, "") for i in items},
        files={i.id: pdf() for i in items if i.evidence_required},
    )
    Notification.objects.filter(user__username="qingyu").update(read_at="2020-01-01T00:00:00Z")
    Notification.objects.filter(user__username="qingyu", event="rectification_set").update(read_at=None)

    sign_in("qingyu")
    page.goto(reverse("home"))
    inbox = tab_until(page, lambda el: el["tag"] == "a" and el["text"].startswith("消息"))
    assert inbox["text"] == "消息（1 条未读）"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/inbox/$"))
    message = tab_until(page, lambda el: el["tag"] == "button" and "年审要求限期整改" in el["text"])
    assert message["text"].startswith("未读：")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urlparse(page.url).path == reverse("supervision:review", args=[review.pk])
    assert_accessible(page)
    tab_until(page, lambda el: el["id"] == "id_response-response")
    page.keyboard.type("已增加语音播报的价格说明")
    tab_until(page, lambda el: el["tag"] == "button" and el["text"] == "提交整改情况", limit=3)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "已增加语音播报的价格说明" in page.locator("main").inner_text()
    assert Notification.objects.filter(user__username="panlong", event="rectification_answered").exists()
