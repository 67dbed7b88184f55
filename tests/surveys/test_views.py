import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from guifan.accounts.models import User
from guifan.surveys.models import Distribution, Response

pytestmark = pytest.mark.django_db


def as_user(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def test_the_demo_result_page_shows_92_52_and_the_satisfied_rate_apart(client, demo):
    page = as_user(client, "city").get(reverse("surveys:results", args=[demo.pk])).content.decode()
    assert 'key-figures__value">92.52<' in page
    assert 'key-figures__value">89.26%<' in page
    assert 'key-figures__value">27份<' in page
    # Question 5 by its counts: 9.04, not the printed 9.26; its shares add to 100%.
    assert '<td class="num"><strong>9.04</strong></td>' in page
    assert "11.11%" in page and "111" not in page.split("res-caption")[1].split("</table>")[0]


def test_the_county_mismatch_is_a_warning(client, demo):
    page = as_user(client, "city").get(reverse("surveys:results", args=[demo.pk])).content.decode()
    assert "两者重合的只有五华区、西山区" in page
    assert "官渡区、富民县、盘龙区有获补助机构，却未纳入调查" in page


def test_the_results_export_is_the_seed_layout_from_counts(client, demo):
    content = as_user(client, "auditor").get(reverse("surveys:results_export", args=[demo.pk])).content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    q5 = next(i for i, r in enumerate(rows) if str(r[0]).startswith("5."))
    assert rows[q5][2:8] == (17, 7, 3, 0, 0, 27)
    assert rows[q5 + 1][2:7] == ("62.96%", "25.93%", "11.11%", "0.00%", "0.00%")
    assert str(rows[q5 + 2][7]) == "9.04"
    assert str(next(r for r in rows if r[0] == "满意度得分")[2]) == "92.52"


def test_county_officers_see_their_county_and_enter_only_their_own(client, demo):
    client = as_user(client, "panlong")
    page = client.get(reverse("surveys:results", args=[demo.pk])).content.decode()
    assert "以下为盘龙区的结果" in page and 'key-figures__value">0.00<' in page
    assert client.get(reverse("surveys:distribution_new", args=[demo.pk])).status_code == 403
    assert as_user(client, "expert").get(reverse("surveys:results", args=[demo.pk])).status_code == 403
    assert as_user(client, "qingyu").get(reverse("surveys:list")).status_code == 403


def test_paper_entry_keeps_values_and_names_the_missing_question(client, survey):
    client = as_user(client, "panlong")
    questions = list(survey.questions.order_by("number"))
    data = {f"q{q.id}": str(q.options.get(key="A").id) for q in questions[:9]}
    response = client.post(reverse("surveys:paper", args=[survey.pk]), data)
    page = response.content.decode()
    assert "<title>错误：" in page and "请回答第10题" in page
    assert not Response.objects.filter(source="paper").exists()
    data[f"q{questions[9].id}"] = str(questions[9].options.get(key="B").id)
    assert client.post(reverse("surveys:paper", args=[survey.pk]), data).status_code == 302
    assert Response.objects.filter(source="paper", county__name="盘龙区", complete=True).count() == 1


def test_tallies_with_negative_counts_are_refused(client, survey):
    client = as_user(client, "fumin")
    question = survey.questions.first()
    page = client.post(
        reverse("surveys:tally", args=[survey.pk]), {f"c{question.id}_A": "-1"}
    ).content.decode()
    assert f"A 非常满意：第{question.number}题的A项人数不能为负数" in page


def test_saving_tallies_confirms_with_the_count(client, survey):
    client = as_user(client, "fumin")
    data = {
        f"c{q.id}_{o.key}": "3" if o.key == "A" else "0"
        for q in survey.questions.filter(kind="scale")
        for o in q.options.all()
    }
    page = client.post(reverse("surveys:tally", args=[survey.pk]), data, follow=True).content.decode()
    assert "已录入富民县的汇总：3份有效问卷。" in page


def test_an_empty_results_table_states_no_shares(client, survey):
    page = as_user(client, "city").get(reverse("surveys:results", args=[survey.pk])).content.decode()
    table = page.split('<caption id="res-caption">')[1].split("</table>")[0]
    assert "100%" not in table and "0.00%" not in table
    assert '<td class="num">—</td>' in table
    content = client.get(reverse("surveys:results_export", args=[survey.pk])).content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    share_rows = [r for r in rows if r[1] == "占比"]
    assert share_rows and all(set(r[2:]) - {None} == {"—"} for r in share_rows)


def test_answering_online_by_link_one_question_per_screen_with_resume(client, survey):
    distribution = Distribution.objects.get(questionnaire=survey)
    url = reverse("survey:answer", args=[distribution.slug])
    page = client.get(url).content.decode()
    assert "第1题，共10题" in page
    questions = list(survey.questions.order_by("number"))
    for number, question in enumerate(questions[:3], start=1):
        response = client.post(
            f"{url}?step={number}", {f"q{question.id}": str(question.options.get(key="A").id)}
        )
        assert response.status_code == 302
    # Leaving and coming back resumes at the first unanswered question.
    assert "第4题，共10题" in client.get(url).content.decode()
    for number, question in enumerate(questions[3:], start=4):
        client.post(f"{url}?step={number}", {f"q{question.id}": str(question.options.get(key="B").id)})
    assert Response.objects.filter(source="online", complete=True).count() == 1
    assert client.get(reverse("survey:thanks", args=[distribution.slug])).status_code == 200
    # Reopening the link afterwards says so at once instead of starting again at question 1.
    page = client.get(url).content.decode()
    assert "您已提交过这份问卷" in page and "第1题，共10题" not in page


def test_the_summary_gains_the_survey(demo, capsys):
    call_command("programme_summary", "2022")
    survey = json.loads(capsys.readouterr().out)["surveys"][0]
    assert survey["valid_questionnaires"] == 27
    assert survey["score"] == "92.52" and survey["satisfied_rate"] == "89.26"
    assert survey["question_scores"][4] == "9.04"


def test_raw_answers_export_is_scoped(client, survey):
    from guifan.surveys import services
    from tests.factories import region

    demo = survey
    panlong, guandu = User.objects.get(username="panlong"), User.objects.get(username="guandu")
    for officer, key in [(panlong, "A"), (guandu, "C")]:
        answers = {q.id: str(q.options.get(key=key).id) for q in demo.questions.all()}
        services.paper_response_enter(
            by=officer, questionnaire=demo, county=region(officer.county.name), answers=answers
        )
    rows = list(
        load_workbook(
            io.BytesIO(
                as_user(client, "panlong").get(reverse("surveys:answers_export", args=[demo.pk])).content
            )
        ).active.iter_rows(values_only=True)
    )
    assert len(rows) == 2 and rows[1][2] == "盘龙区" and rows[1][5:] == ("A",) * 10
    rows = list(
        load_workbook(
            io.BytesIO(as_user(client, "city").get(reverse("surveys:answers_export", args=[demo.pk])).content)
        ).active.iter_rows(values_only=True)
    )
    assert {r[2] for r in rows[1:]} == {"盘龙区", "官渡区"}
