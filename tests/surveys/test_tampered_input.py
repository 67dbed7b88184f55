"""A page posted back with a tampered sheet key or step answers with a page, never a server error."""

import pytest
from django.urls import reverse

from guifan.surveys.models import Answer, Distribution, Response

from .builders import open_survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(city_admin):
    return Distribution.objects.get(questionnaire=open_survey())


def first_answer(link) -> dict:
    question = link.questionnaire.questions.get(number=1)
    return {f"q{question.id}": str(question.options.get(key="A").id)}


@pytest.mark.parametrize("key", ["not-a-uuid", "{}", "x" * 1000])
def test_a_key_that_is_not_a_sheet_key_is_refused_in_chinese_and_saves_nothing(client, link, key):
    url = reverse("survey:answer", args=[link.slug])
    response = client.post(f"{url}?step=1", {"key": key, **first_answer(link)})
    assert response.status_code == 400
    page = response.content.decode()
    assert "提交编号无效，答案未保存" in page
    assert "第1题，共10题" in page  # the same question again, ready to resubmit
    assert not Response.objects.exists() and not Answer.objects.exists()


def test_after_the_refusal_submitting_the_page_again_saves_the_answer(client, link):
    url = reverse("survey:answer", args=[link.slug])
    client.post(f"{url}?step=1", {"key": "not-a-uuid", **first_answer(link)})
    key = client.session[f"survey:{link.slug}"]
    response = client.post(f"{url}?step=1", {"key": key, **first_answer(link)})
    assert response.status_code == 302
    assert Answer.objects.filter(response__key=key).count() == 1


@pytest.mark.parametrize("step", ["²", "٣", "abc", "0", "99999999999999999999"])
def test_a_step_that_is_not_a_question_number_shows_the_first_unanswered_question(client, link, step):
    url = reverse("survey:answer", args=[link.slug])
    response = client.get(f"{url}?step={step}")
    assert response.status_code == 200
    assert "第1题，共10题" in response.content.decode()
