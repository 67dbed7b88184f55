"""Answering the satisfaction survey by keyboard alone, one question per screen; the chart."""

from django.urls import reverse

from guifan.surveys.models import Questionnaire, Response
from tests.surveys.builders import open_link

from .checks import assert_accessible, focused, tab_until


def test_answer_the_survey_by_keyboard_with_an_error_on_the_way(demo, page):
    slug = open_link()  # the demo's 2022 survey is closed
    page.goto(reverse("survey:answer", args=[slug]))
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
    # Focus is on the confirmation, so a screen reader announces it first.
    assert focused(page)["id"] == "confirmation" and focused(page)["text"] == "提交成功，谢谢您！"
    assert_accessible(page)
    # Opening the link again on this device says so at once.
    page.goto(reverse("survey:answer", args=[slug]))
    assert page.locator("h1").inner_text() == "您已提交过这份问卷"
    response = Response.objects.get(source="online", complete=True)
    keys = sorted(response.answers.values_list("option__key", flat=True))
    assert keys == ["A"] * 7 + ["B"] * 3


def test_the_chart_labels_are_readable_and_the_chart_fills_the_width(demo, page, sign_in):
    sign_in("city")
    page.goto(reverse("surveys:results", args=[Questionnaire.objects.get(programme__year=2022).pk]))
    sizes = page.evaluate(
        """() => { const svg = document.querySelector('.survey-chart svg');
                   const main = document.querySelector('main');
                   const label = svg.querySelector('.survey-chart__label');
                   const css = getComputedStyle(main);
                   const pad = parseFloat(css.paddingLeft) + parseFloat(css.paddingRight);
                   return {svg: svg.getBoundingClientRect().width, main: main.clientWidth - pad,
                           text: label.getBoundingClientRect().height, label: label.textContent}; }"""
    )
    assert sizes["label"] == "第1题：9.41分"
    assert sizes["svg"] >= sizes["main"] - 1  # the full width of the content column
    assert sizes["text"] >= 12  # px at 100 %
    page.set_viewport_size({"width": 320, "height": 640})
    narrow = page.evaluate(
        "() => document.querySelector('.survey-chart__label').getBoundingClientRect().height"
    )
    assert narrow >= 10
    assert page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth") <= 0
