"""The 新建年度项目 page: prefilled from the last year, asks for the notice, budget and targets."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from guifan.accounts.models import User
from guifan.funds.models import FundingSource, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(client, capsys):
    call_command("demo")
    capsys.readouterr()
    client.force_login(User.objects.get(username="city"))
    return client


def form_data(**overrides) -> dict:
    """What the city types for 2023, on top of what 2022 prefilled."""
    previous = Programme.objects.get(year=2022)
    data = {
        "year": "2023",
        "name": "2023年盲人按摩机构规范化建设量化分级评定",
        "implementing_unit": previous.implementing_unit,
        "notice_number": "昆残综字〔2023〕5号",
        "source_document": "昆财社〔2023〕18号",
        "source_title": "",
        "source_budget": "120000",
        "subsidy_standard": "20000",
        "annual_target": "6",
        "plan": str(previous.plan_id),
        "execution_start": "2023-04-01",
        "execution_end": "2023-08-31",
        "counties": [str(c.pk) for c in previous.counties.all()],
    }
    data.update(overrides)
    return data


def test_the_list_offers_a_new_year_from_the_last_and_a_blank_one_to_the_city_only(city, client):
    page = city.get(reverse("funds:programmes")).content.decode()
    assert reverse("funds:programme_next", args=[2022]) in page and "新建年度项目" in page
    assert reverse("funds:programme_new") in page and "新建空白年度项目" in page
    for username in ["panlong", "auditor"]:
        client.force_login(User.objects.get(username=username))
        page = client.get(reverse("funds:programmes")).content.decode()
        assert "新建" not in page and reverse("funds:programme_new") not in page


def test_the_form_is_prefilled_from_2022_with_the_period_a_year_later(city):
    form = city.get(reverse("funds:programme_next", args=[2022])).context["form"]
    previous = Programme.objects.get(year=2022)
    assert form["year"].value() == 2023
    assert form["name"].value() == "2023年盲人按摩机构规范化建设量化分级评定"
    assert str(form["execution_start"].value()) == "2023-04-01"
    assert str(form["execution_end"].value()) == "2023-08-31"
    assert form["subsidy_standard"].value() == "20000.00"
    assert form["annual_target"].value() == 8
    assert set(form["counties"].value()) == set(previous.counties.values_list("pk", flat=True))
    assert form["notice_number"].value() in (None, "") and form["source_budget"].value() in (None, "")
    page = city.get(reverse("funds:programme_next", args=[2022])).content.decode()
    assert 'value="20000.00"' in page


def test_saving_creates_the_year_and_its_budget(city):
    response = city.post(reverse("funds:programme_next", args=[2022]), form_data())
    assert response.status_code == 302 and response.url == reverse("funds:programme", args=[2023])
    programme = Programme.objects.get(year=2023)
    assert (programme.notice_number, programme.annual_target) == ("昆残综字〔2023〕5号", 6)
    source = FundingSource.objects.get(programme=programme)
    assert (source.document, source.budget) == ("昆财社〔2023〕18号", 12_000_000)
    page = city.get(response.url).content.decode()
    assert "12万元" in page and "昆财社〔2023〕18号" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"year": "2022"}, "2022年度项目已存在，不能重复新建"),
        ({"source_budget": "0"}, "金额必须大于0"),
        ({"source_budget": "-1"}, "金额不能为负数"),
        ({"source_document": ""}, "请填写预算文号"),
        ({"notice_number": ""}, "请填写通知文号"),
        ({"year": "2021"}, "2021年度项目已存在"),
        ({"year": "3000"}, "年度应在2000年至2100年之间，如 2023"),
    ],
)
def test_a_bad_new_year_is_explained_and_writes_nothing(city, overrides, message):
    before = (Programme.objects.count(), FundingSource.objects.count())
    response = city.post(reverse("funds:programme_next", args=[2022]), form_data(**overrides))
    page = response.content.decode()
    assert response.status_code == 200 and "<title>错误：" in page and message in page
    assert (Programme.objects.count(), FundingSource.objects.count()) == before


def test_an_empty_submit_names_every_missing_field(city):
    blank = {name: "" for name in form_data() if name != "counties"}
    page = city.post(reverse("funds:programme_next", args=[2022]), blank).content.decode()
    for message in [
        "请填写年度",
        "请填写通知文号",
        "请填写预算文号",
        "请填写预算金额（元）",
        "请选择任务县区",
    ]:
        assert message in page


def test_a_year_before_the_base_year_is_refused_by_the_service(city):
    Programme.objects.filter(year=2021).update(year=2020)  # 2021 free, but earlier than 2022
    page = city.post(reverse("funds:programme_next", args=[2022]), form_data(year="2021")).content.decode()
    assert "新年度（2021）须晚于作为基础的2022年度" in page
    assert not Programme.objects.filter(year=2021).exists()


def test_only_the_city_reaches_the_new_year_page(city, client):
    assert city.get(reverse("funds:programme_next", args=[1999])).status_code == 404
    for username in ["panlong", "auditor", "expert", "qingyu"]:
        client.force_login(User.objects.get(username=username))
        assert client.get(reverse("funds:programme_next", args=[2022])).status_code == 403
        assert client.post(reverse("funds:programme_next", args=[2022]), form_data()).status_code == 403
    assert not Programme.objects.filter(year=2023).exists()
