"""The city's home page counts the year once per change of its data, and shows each new answer
sheet at once, online ones included (they are not audited)."""

import re
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guifan.accounts.models import User
from guifan.surveys import services
from guifan.surveys.models import Distribution
from tests.surveys.builders import open_survey

pytestmark = pytest.mark.django_db


def received(client) -> tuple[int, int]:
    """(answer sheets the home page counts, queries it ran)."""
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("home")).content.decode()
    found = re.search(r"满意度调查进行中：已收(\d+)份", html)
    assert found, html
    return int(found.group(1)), len(ctx.captured_queries)


def test_the_city_home_is_kept_until_an_answer_arrives(client, capsys):
    call_command("demo")
    capsys.readouterr()
    questionnaire = open_survey()  # 2023, the newest year
    client.force_login(User.objects.get(username="city"))
    assert received(client)[0] == 0
    _, kept = received(client)
    link = Distribution.objects.get(questionnaire=questionnaire)
    answers = {q.id: str(q.options.first().id) for q in questionnaire.questions.all() if q.required}
    services.response_submit(distribution=link, key=uuid.uuid4(), answers=answers, final=True, device="d1")
    count, recounted = received(client)
    assert count == 1
    assert kept < recounted
