"""Home pages say what to do now, per role, each item a link; counts are scoped and cheap."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from guifan.demo.loading import load_demo
from guifan.funds import services as funds
from guifan.grading import services as grading
from guifan.grading.constants import Action
from guifan.grading.models import Standard
from tests.factories import InstitutionFactory, UserFactory, fresh_year, operator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(kunming):
    load_demo()


def _user(username):
    from guifan.accounts.models import User

    return User.objects.get(username=username)


def _year_2023(by):
    return fresh_year(by=by)


def _submitted(programme, name, county):
    institution = InstitutionFactory(name=name, county_name=county)
    operator = operator_of(institution, username=f"op-{institution.pk}")
    application = grading.application_create(
        by=operator, programme=programme, institution=institution, standard=Standard.objects.first()
    )
    grading.application_transition(by=operator, application_id=application.pk, action=Action.SUBMIT)
    return application


def _page(client, username) -> str:
    client.force_login(_user(username))
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def test_a_county_officers_home_counts_only_their_county(client, demo):
    programme = _year_2023(_user("city"))
    _submitted(programme, "盘龙新申请按摩店", "盘龙区")
    _submitted(programme, "官渡新申请按摩店甲", "官渡区")
    _submitted(programme, "官渡新申请按摩店乙", "官渡区")
    panlong, guandu = _page(client, "panlong"), _page(client, "guandu")
    review = f'href="{reverse("grading:list")}?year=2023&amp;state=submitted"'
    assert f"{review}>1份申请待审核" in panlong
    assert f"{review}>2份申请待审核" in guandu


def test_the_county_home_costs_the_same_queries_for_one_or_many_applications(
    client, demo, django_assert_max_num_queries
):
    programme = _year_2023(_user("city"))
    _submitted(programme, "盘龙新申请按摩店1", "盘龙区")
    client.force_login(_user("panlong"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("home"))
    for n in range(2, 8):
        _submitted(programme, f"盘龙新申请按摩店{n}", "盘龙区")
    with django_assert_max_num_queries(len(one)):
        client.get(reverse("home"))


def test_the_operator_sees_status_next_step_and_the_open_year_to_apply_for(client, demo):
    page = _page(client, "qingyu")
    assert "2022年度申请" in page
    assert "补助已拨付" in page and "本年度规范化建设全部完成" in page
    assert "申请参加" not in page
    _year_2023(_user("city"))
    page = _page(client, "qingyu")
    apply = f'href="{reverse("grading:new")}?year=2023"'
    assert f"{apply}>申请参加2023年度规范化建设" in page.replace('class="button" ', "")
    assert client.get(f"{reverse('grading:new')}?year=2023").status_code == 200


def test_the_city_home_gives_the_years_money_from_the_ledger(client, demo):
    page = _page(client, "city")
    # PRODUCT.md: the 2022 budget of 16万元 was transferred whole; 14 paid to 7 institutions.
    for label, value in [
        ("本年度预算（万元）", "16"),
        ("已下拨到县区（万元）", "16"),
        ("已拨付到机构（万元）", "14"),
    ]:
        assert f'<th scope="row">{label}</th><td>{value}</td>' in page
    assert '<th scope="row">拨付机构（家）</th><td>7</td>' in page


@time_machine.travel(datetime(2023, 3, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
def test_a_fresh_year_says_what_to_set_up_first(client, demo):
    _year_2023(_user("city"))
    page = _page(client, "city")
    assert "尚未登记资金来源" in page
    assert f'href="{reverse("funds:source_new", args=[2023])}">登记2023年度资金来源' in page
    assert "新建2024年度项目" not in page  # 2023 has only begun and is far from signed off
    assert "为2023年度创建满意度调查" in page
    assert "为2023年度创建绩效自评" in page
    assert "目前没有参加的年度项目" not in _page(client, "panlong")
    UserFactory(role="county_officer", county_name="呈贡区", username="chenggong")
    assert "呈贡区目前没有参加的年度项目" in _page(client, "chenggong")


def test_the_auditor_is_offered_nothing_to_change(client, demo):
    _year_2023(_user("city"))
    page = _page(client, "auditor")
    assert "创建" not in page and "新建" not in page
    assert reverse("audit:list") in page


def test_an_inspector_sees_the_institutions_waiting_for_inspection(client, demo):
    from guifan.grading.models import Application

    programme = _year_2023(_user("city"))
    application = _submitted(programme, "盘龙待检按摩店", "盘龙区")
    assert "目前没有待检查验收或复查的机构" in _page(client, "expert")
    # The workflow to get here is tested in tests/grading; the home page only reads the state.
    Application.objects.filter(pk=application.pk).update(state="self_inspected")
    assert "1家机构待市级检查验收" in _page(client, "expert")


def test_the_city_home_adds_up_every_budget_line_of_the_year(client, demo):
    city = _user("city")
    programme = _year_2023(city)
    funds.source_create(by=city, programme=programme, document="昆财社〔2023〕12号", budget=3_000_000)
    funds.source_create(by=city, programme=programme, document="昆财社〔2023〕30号", budget=1_000_000)
    page = _page(client, "city")
    assert '<th scope="row">本年度预算（万元）</th><td>4</td>' in page  # 3万 + 1万
    assert "登记2023年度资金到位：尚有4万元未到位" in page
    assert "下拨2023年度资金：尚有4万元未下拨到县区" in page
