"""A shared link: one sheet per device across browser sessions, resume from the device cookie,
counts that agree, and the pages for a survey not yet open or already closed."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from guifan.surveys import services
from guifan.surveys.models import Distribution, Questionnaire, Response
from guifan.surveys.public_views import device_cookie_name

from .builders import open_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(city_admin):
    return open_survey()


@pytest.fixture
def link(survey):
    return Distribution.objects.get(questionnaire=survey)


def url_of(link) -> str:
    return reverse("survey:answer", args=[link.slug])


def answer(client, link, numbers, key="A"):
    questions = list(link.questionnaire.questions.order_by("number"))
    for number in numbers:
        question = questions[number - 1]
        response = client.post(
            f"{url_of(link)}?step={number}", {f"q{question.id}": str(question.options.get(key=key).id)}
        )
        assert response.status_code == 302, response.content.decode()[:2000]


def new_session_same_device(client: Client, link) -> Client:
    """The browser closed and reopened: the session cookie is gone, the device cookie stays."""
    fresh = Client()
    fresh.cookies[device_cookie_name(link)] = client.cookies[device_cookie_name(link)].value
    return fresh


def test_the_device_cookie_is_signed_httponly_lax_for_a_year_and_only_for_this_link(client, link):
    client.get(url_of(link))
    cookie = client.cookies[device_cookie_name(link)]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == url_of(link)
    assert int(cookie["max-age"]) == 365 * 24 * 3600
    assert ":" in cookie.value  # value:signature


def test_leaving_and_coming_back_in_a_new_session_resumes_at_the_first_unanswered_question(client, link):
    client.get(url_of(link))
    answer(client, link, [1, 2, 3])
    again = new_session_same_device(client, link)
    assert "第4题，共10题" in again.get(url_of(link)).content.decode()
    answer(again, link, range(4, 11))
    assert Response.objects.filter(complete=True).count() == 1
    assert Response.objects.count() == 1  # the same sheet, not a second one


def test_after_submitting_a_new_session_on_the_same_device_cannot_start_again(client, link):
    client.get(url_of(link))
    answer(client, link, range(1, 11))
    for again in (client, new_session_same_device(client, link)):
        page = again.get(url_of(link)).content.decode()
        assert "您已提交过这份问卷" in page and "每台设备限1份" in page
        assert "第1题，共10题" not in page and "<form" not in page.split('id="main"')[1]
    # Even posting past the page does not start a second sheet.
    again = new_session_same_device(client, link)
    question = link.questionnaire.questions.get(number=1)
    again.post(f"{url_of(link)}?step=1", {f"q{question.id}": str(question.options.first().id)})
    assert Response.objects.count() == 1


def test_a_tampered_device_cookie_counts_as_a_new_device(client, link):
    client.get(url_of(link))
    answer(client, link, range(1, 11))
    forged = Client()
    forged.cookies[device_cookie_name(link)] = client.cookies[device_cookie_name(link)].value + "x"
    assert "第1题，共10题" in forged.get(url_of(link)).content.decode()


def test_received_counts_only_submitted_sheets_and_agrees_with_the_online_count(client, link, city_admin):
    first, second = Client(), Client()
    for c in (first, second):
        c.get(url_of(link))
    answer(first, link, range(1, 11))
    answer(second, link, [1, 2])  # an unfinished run
    client.force_login(city_admin)
    page = client.get(reverse("surveys:results", args=[link.questionnaire_id])).content.decode()
    assert "网上作答1份" in page
    assert "已收1份；另有1份填写中，未提交" in page
    assert "已收2份" not in page


def test_the_link_of_a_closed_survey_says_it_has_ended(client, link, city_admin):
    services.questionnaire_close(by=city_admin, questionnaire=link.questionnaire)
    response = client.get(url_of(link))
    page = response.content.decode()
    assert response.status_code == 200 and "<h1>调查已结束</h1>" in page and "不再接受作答" in page
    assert "<form" not in page.split('id="main"')[1]
    question = link.questionnaire.questions.get(number=1)
    client.post(f"{url_of(link)}?step=1", {f"q{question.id}": str(question.options.first().id)})
    assert not Response.objects.exists()


def test_the_link_before_the_open_date_says_when_it_opens(client, link):
    opens = timezone.localdate() + timedelta(days=3)
    Questionnaire.objects.filter(pk=link.questionnaire_id).update(opens_on=opens)
    page = client.get(url_of(link)).content.decode()
    assert "<h1>调查尚未开始</h1>" in page
    assert f"将于{opens.year}年{opens.month}月{opens.day}日开始" in page


def test_after_the_close_date_the_link_has_ended_too(client, link):
    Questionnaire.objects.filter(pk=link.questionnaire_id).update(
        closes_on=timezone.localdate() - timedelta(days=1)
    )
    assert "<h1>调查已结束</h1>" in client.get(url_of(link)).content.decode()


def test_the_confirmation_heading_is_focused_on_load(client, link):
    page = client.get(reverse("survey:thanks", args=[link.slug])).content.decode()
    assert '<h1 id="confirmation" tabindex="-1" data-focus-on-load>提交成功，谢谢您！</h1>' in page
