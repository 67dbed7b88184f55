"""The answering page drawn in one template from questions kept per worker: every respondent sees
the same accessible form (a fieldset and legend per question, a label on every option, errors tied
to their question and listed in the summary), each link its own questions, in few queries."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from guifan.surveys import services
from guifan.surveys.models import Distribution, Option, Question, Questionnaire, Response

from .builders import open_survey, programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(city_admin):
    distribution = Distribution.objects.get(questionnaire=open_survey())
    distribution.one_per_screen = False
    distribution.save()
    return distribution


def url_of(link) -> str:
    return reverse("survey:answer", args=[link.slug])


def main_of(page: str) -> str:
    return page.split('id="main"')[1]


def first_options(page: str) -> dict:
    found = {}
    for name, value in re.findall(r'type="radio" name="(q\d+)" value="(\d+)"', page):
        found.setdefault(name, value)
    return found


def sheet_key(page: str) -> str:
    return re.search(r'name="key" value="([^"]+)"', page)[1]


def test_every_question_is_a_fieldset_whose_legend_names_it_and_every_option_has_a_label(client, link):
    page = main_of(client.get(url_of(link)).content.decode())
    assert page.count('<fieldset class="fieldset">') == 10 + 1  # the questions and 您的身份
    assert '<legend class="label">第1题，共10题：' in page
    for option_id in re.findall(r'type="radio" name="q\d+" value="\d+"[^>]* id="(id_q\d+_\d)"', page):
        assert f'<label for="{option_id}">' in page
    assert '<label class="label" for="id_county">您所在的县（市、区）（选填）</label>' in page


def test_two_respondents_see_the_same_blank_form_with_their_own_sheet_keys(link):
    first, second = Client().get(url_of(link)).content.decode(), Client().get(url_of(link)).content.decode()
    assert sheet_key(first) != sheet_key(second)
    blank = re.compile(r'name="(csrfmiddlewaretoken|key)" value="[^"]+"')
    assert blank.sub("", main_of(first)) == blank.sub("", main_of(second))


def test_a_missing_answer_is_tied_to_its_question_and_the_given_answers_stay_chosen(client, link):
    page = client.get(url_of(link)).content.decode()
    chosen = first_options(page)
    missing = next(iter(chosen))
    del chosen[missing]
    page = client.post(url_of(link), {"key": sheet_key(page), **chosen}).content.decode()
    number = Question.objects.get(pk=missing[1:]).number
    assert f'<a href="#id_{missing}_0">第{number}题，共10题：' in page  # the summary links to the options
    assert f'<fieldset class="fieldset" aria-describedby="id_{missing}_error">' in page
    error = f'<p class="error-message" id="id_{missing}_error"><span class="visually-hidden">错误：</span>'
    assert f"{error}请回答第{number}题</p>" in page
    for name, value in chosen.items():
        assert f'name="{name}" value="{value}" id="id_{name}_0" checked>' in page
    assert not Response.objects.filter(complete=True).exists()


def test_each_link_shows_its_own_questionnaires_questions(client, link, city_admin):
    other = Questionnaire.objects.create(programme=programme(2030), title="另一份问卷", intro="")
    question = Question.objects.create(questionnaire=other, number=1, text="只有一题<吗>")
    Option.objects.create(question=question, key="A", label="是")
    elsewhere = services.distribution_create(by=city_admin, questionnaire=other, name="另一个链接")
    client.get(url_of(link))  # the first survey's questions are now kept by this worker
    page = Client().get(url_of(elsewhere)).content.decode()
    assert "第1题，共1题：只有一题&lt;吗&gt;" in page and "共10题" not in page
    assert "共10题" in Client().get(url_of(link)).content.decode()


def test_a_posted_page_submitted_twice_with_the_same_key_is_one_sheet(client, link):
    page = client.get(url_of(link)).content.decode()
    form = {"key": sheet_key(page), **first_options(page)}
    assert client.post(url_of(link), form)["Location"].endswith("/thanks/")
    client.post(url_of(link), form)
    assert Response.objects.filter(complete=True).count() == 1
    assert Response.objects.get().answers.count() == 10


def test_the_blank_form_for_a_new_device_takes_two_queries(link, django_assert_max_num_queries):
    Client().get(url_of(link))  # the questions are read once per worker
    with django_assert_max_num_queries(2):  # the link with its survey, the counties
        page = Client().get(url_of(link)).content.decode()
    assert "第10题，共10题" in page


def test_submitting_the_whole_form_takes_at_most_fifteen_queries(link, django_assert_max_num_queries):
    browser = Client()
    page = browser.get(url_of(link)).content.decode()
    with django_assert_max_num_queries(15):
        response = browser.post(url_of(link), {"key": sheet_key(page), **first_options(page)})
    assert response["Location"].endswith("/thanks/")
