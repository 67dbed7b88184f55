"""The pages that create, set up and close a survey, and every survey page in a fresh year."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from guifan.accounts.models import User
from guifan.surveys.models import Distribution, Questionnaire, Response
from tests.factories import InstitutionFactory, operator_of, region

from .builders import open_survey, programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def everyone(city_admin, panlong_officer, inspector, auditor):
    return [city_admin, panlong_officer, inspector, auditor, operator_of(InstitutionFactory())]


def page_of(client, user, url, **kwargs):
    client.force_login(user)
    response = client.get(url, **kwargs)
    return response.status_code, response.content.decode(errors="replace")


def test_every_survey_page_answers_in_a_fresh_year_with_no_survey_for_every_role(client, everyone):
    programme(2023)
    for user in everyone:
        for name in ("surveys:list", "surveys:new"):
            status, _ = page_of(client, user, reverse(name))
            assert status in (200, 403), (user.role, name, status)
    status, page = page_of(client, everyone[0], reverse("surveys:list"))
    assert status == 200 and "还没有满意度调查" in page and "新建满意度调查" in page
    status, page = page_of(client, everyone[1], reverse("surveys:list"))
    assert status == 200 and "新建满意度调查" not in page


def test_every_survey_page_answers_for_a_new_survey_with_no_answer_for_every_role(client, everyone):
    questionnaire = open_survey()
    names = [
        "surveys:results",
        "surveys:edit",
        "surveys:close",
        "surveys:distribution_new",
        "surveys:paper",
        "surveys:tally",
        "surveys:results_export",
        "surveys:answers_export",
    ]
    for user in everyone:
        for name in names:
            status, _ = page_of(client, user, reverse(name, args=[questionnaire.pk]))
            assert status in (200, 403), (user.role, name, status)
    status, page = page_of(client, everyone[0], reverse("surveys:results", args=[questionnaire.pk]))
    assert "收集中（未设截止日期）" in page and "已收0份" in page


def test_the_city_creates_the_2023_survey_from_2022s_questionnaire_through_the_page(client, city_admin):
    last = open_survey(year=2022)
    new_year = programme(2023)
    client.force_login(city_admin)
    page = client.get(reverse("surveys:new")).content.decode()
    assert f'<option value="{new_year.pk}" selected>2023年度</option>' in page
    assert "复制2022年度问卷：" in page and "模板：" in page
    today = timezone.localdate()
    response = client.post(
        reverse("surveys:new"),
        {
            "programme": new_year.pk,
            "source": f"q{last.pk}",
            "title": "",
            "opens_on": f"{today.year}年{today.month}月{today.day}日",
            "closes_on": (today + timedelta(days=30)).isoformat(),
            "surveyed_counties": [region("盘龙区").pk, region("呈贡区").pk],
        },
    )
    created = Questionnaire.objects.get(programme=new_year)
    assert response.status_code == 302 and response["Location"] == reverse(
        "surveys:results", args=[created.pk]
    )
    assert created.title == last.title.replace("2022年", "2023年") and created.opens_on == today
    assert sorted(created.surveyed_counties.values_list("name", flat=True)) == ["呈贡区", "盘龙区"]
    page = client.get(response["Location"]).content.decode()
    assert "已新建满意度调查" in page and "还没有发放链接" in page
    assert f'href="{reverse("surveys:distribution_new", args=[created.pk])}">发放问卷</a>' in page


def test_the_create_page_names_every_missing_field_and_writes_nothing(client, city_admin):
    programme(2023)
    client.force_login(city_admin)
    page = client.post(
        reverse("surveys:new"), {"programme": "", "closes_on": "2023年2月30日"}
    ).content.decode()
    assert "<title>错误：" in page
    for message in ("请选择年度", "请选择问卷来源", "请选择调查的县区", "截止日期格式不正确"):
        assert message in page
    assert not Questionnaire.objects.exists()


def test_a_second_survey_for_a_year_already_issued_is_refused_on_the_page(client, city_admin):
    existing = open_survey(year=2023)  # with a link
    client.force_login(city_admin)
    page = client.post(
        reverse("surveys:new"),
        {
            "programme": existing.programme_id,
            "source": "tkunming-2022-survey",
            "surveyed_counties": [region("盘龙区").pk],
        },
    ).content.decode()
    assert "2023年度已有满意度调查" in page and Questionnaire.objects.count() == 1


def test_the_city_closes_the_survey_after_a_confirmation_and_entry_pages_refuse(
    client, city_admin, panlong_officer
):
    questionnaire = open_survey()
    client.force_login(city_admin)
    results = reverse("surveys:results", args=[questionnaire.pk])
    assert (
        f'href="{reverse("surveys:close", args=[questionnaire.pk])}">关闭调查</a>'
        in client.get(results).content.decode()
    )
    confirm = client.get(reverse("surveys:close", args=[questionnaire.pk])).content.decode()
    assert "关闭后不能重新打开" in confirm and "确认关闭调查" in confirm
    response = client.post(reverse("surveys:close", args=[questionnaire.pk]), follow=True)
    page = response.content.decode()
    assert "调查已关闭" in page and ">关闭调查</a>" not in page and ">发放问卷</a>" not in page
    assert "已结束" in page
    client.force_login(panlong_officer)
    page = client.get(results).content.decode()
    assert "录入纸质问卷" not in page and "录入汇总人数" not in page
    for name, what in (("surveys:paper", "录入纸质问卷"), ("surveys:tally", "录入汇总人数")):
        url = reverse(name, args=[questionnaire.pk])
        question = questionnaire.questions.first()
        response = client.post(url, {f"q{question.id}": str(question.options.first().id)}, follow=True)
        assert f"不能再{what}" in response.content.decode()
    assert not Response.objects.exists()


def test_settings_are_changed_on_their_page(client, city_admin):
    questionnaire = open_survey()
    client.force_login(city_admin)
    url = reverse("surveys:edit", args=[questionnaire.pk])
    assert "修改调查设置" in client.get(url).content.decode()
    closes = timezone.localdate() + timedelta(days=10)
    response = client.post(
        url,
        {
            "title": "2023年度满意度调查",
            "closes_on": closes.isoformat(),
            "surveyed_counties": [region("官渡区").pk],
        },
    )
    assert response.status_code == 302
    questionnaire.refresh_from_db()
    assert questionnaire.title == "2023年度满意度调查" and questionnaire.closes_on == closes


def test_only_the_city_reaches_the_pages_that_set_a_survey_up(
    client, city_admin, panlong_officer, auditor, inspector
):
    questionnaire = open_survey()
    for user in (panlong_officer, auditor, inspector):
        client.force_login(user)
        assert client.get(reverse("surveys:new")).status_code == 403
        for name in ("surveys:edit", "surveys:close"):
            assert client.get(reverse(name, args=[questionnaire.pk])).status_code == 403
            assert client.post(reverse(name, args=[questionnaire.pk])).status_code == 403
    questionnaire.refresh_from_db()
    assert questionnaire.closed_at is None


def test_the_chart_labels_are_rounded_like_the_table_and_the_svg_scales(client, demo):
    client.force_login(User.objects.get(username="city"))
    page = client.get(reverse("surveys:results", args=[demo.pk])).content.decode()
    chart = page.split('class="survey-chart"')[1].split("</figure>")[0]
    labels = re.findall(r'class="survey-chart__label">([^<]+)<', chart)
    # By hand from the seed's counts: Q1 10 × (22 + 0.8×2 + 0.6×3) ÷ 27 = 9.41, Q5 9.04.
    assert labels[0] == "第1题：9.41分" and labels[4] == "第5题：9.04分" and len(labels) == 10
    assert not re.search(r"\d\.\d{3,}", chart)
    svg = re.search(r"<svg[^>]*>", chart).group(0)
    assert 'width="100%"' in svg and 'viewBox="0 0 800 640"' in svg
    # Q5's bar: 9.04 of 10 points across the full 800 units.
    assert 'width="723"' in chart
    assert "具体数值见下表" in chart and 'id="res-caption"' in page


def test_the_list_reads_in_a_fixed_number_of_queries(client, city_admin, django_assert_max_num_queries):
    for y in (2021, 2022, 2023):
        open_survey(year=y)
    client.force_login(city_admin)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("surveys:list")).status_code == 200


def test_the_results_page_reads_its_links_in_one_query(client, city_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from guifan.surveys import services

    questionnaire = open_survey()
    client.force_login(city_admin)

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(reverse("surveys:results", args=[questionnaire.pk])).content.decode()
        return len(ctx.captured_queries), page

    one_link, _ = queries()  # each new link is audited: the page computes its figures again below
    for n in range(5):
        services.distribution_create(by=city_admin, questionnaire=questionnaire, name=f"链接{n}", tokens=3)
    six_links, page = queries()
    assert six_links == one_link
    assert page.count("3个一次性访问码") == 5 and Distribution.objects.count() == 6
