"""Answering the satisfaction survey by keyboard alone, one question per screen."""

from django.urls import reverse

from guifan.surveys.models import Distribution, Response

from .checks import assert_accessible, focused, tab_until


def test_answer_the_survey_by_keyboard_with_an_error_on_the_way(demo, page):
    distribution = Distribution.objects.get()
    page.goto(reverse("survey:answer", args=[distribution.slug]))
    assert page.locator("#progress").inner_text() == "第1题，共10题"
    assert_accessible(page)

    # Pressing "下一题" without choosing: the summary takes focus and its link leads to the options.
    tab_until(page, lambda el: el["text"] == "下一题")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.title().startswith("错误：")
    assert "error-summary" in focused(page)["cls"]
    link = tab_until(page, lambda el: el["tag"] == "a", limit=2)
    assert "请回答第1题" in link["text"]
    page.keyboard.press("Enter")
    assert focused(page)["tag"] == "input"

    for number in range(1, 11):
        assert page.locator("#progress").inner_text() == f"第{number}题，共10题"
        if number > 1:
            tab_until(page, lambda el: el["tag"] == "input" and el["id"].endswith("_0"))
        page.keyboard.press("Space")  # A 非常满意
        if number % 3 == 0:
            page.keyboard.press("ArrowDown")  # B 满意, as arrow keys move within a radio group
        button = "提交问卷" if number == 10 else "下一题"
        tab_until(page, lambda el, button=button: el["text"] == button)
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "提交成功，谢谢您！"
    assert_accessible(page)
    response = Response.objects.get(source="online", complete=True)
    keys = sorted(response.answers.values_list("option__key", flat=True))
    assert keys == ["A"] * 7 + ["B"] * 3
