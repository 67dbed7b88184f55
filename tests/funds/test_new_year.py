"""新建年度项目: one atomic, audited service that copies the year and tells the other apps."""

from datetime import date

import pytest

from guifan.audit.models import AuditEvent
from guifan.core.exceptions import ScopeViolation
from guifan.funds import domain, services
from guifan.funds.models import FundingSource, Programme
from guifan.funds.signals import programme_started
from tests.factories import region

from .conftest import WAN

pytestmark = pytest.mark.django_db


def start(by, previous, year=2023, budget=12 * WAN, **data):
    values = {
        "name": "2023年测试项目",
        "implementing_unit": "测试中心",
        "notice_number": "测残〔2023〕1号",
        "subsidy_standard": 2 * WAN,
        "annual_target": 6,
        "execution_start": date(2023, 4, 1),
        "execution_end": date(2023, 8, 31),
        **data,
    }
    return services.programme_start(
        by=by,
        year=year,
        previous=previous,
        data=values,
        counties=[region("盘龙区"), region("东川区")],
        source_document="测财〔2023〕12号",
        source_budget=budget,
    )


class Receiver:
    """A stand-in for another app's receiver, connected only for one test."""

    def __init__(self, fail: bool = False):
        self.calls: list[dict] = []
        self.fail = fail

    def __call__(self, sender, **kwargs):
        self.calls.append(kwargs)
        assert Programme.objects.filter(year=kwargs["programme"].year).exists()  # inside the transaction
        if self.fail:
            raise RuntimeError("复制问卷失败")


@pytest.fixture
def receiver():
    made = []

    def connect(fail: bool = False) -> Receiver:
        r = Receiver(fail)
        programme_started.connect(r, weak=False)
        made.append(r)
        return r

    yield connect
    for r in made:
        programme_started.disconnect(r)


def test_a_new_year_gets_its_budget_line_and_tells_the_other_apps(programme, city_admin, receiver):
    heard = receiver()
    new = start(city_admin, programme)
    source = FundingSource.objects.get(programme=new)
    assert (source.document, source.budget) == ("测财〔2023〕12号", 12 * WAN)
    assert sorted(new.counties.values_list("name", flat=True)) == ["东川区", "盘龙区"]
    assert heard.calls == [
        {"signal": programme_started, "programme": new, "previous": programme, "by": city_admin}
    ]
    assert AuditEvent.objects.filter(content_type__model="programme", object_id=str(new.pk)).exists()
    assert AuditEvent.objects.filter(content_type__model="fundingsource", object_id=str(source.pk)).exists()


def test_a_receiver_that_fails_undoes_the_whole_year(programme, city_admin, receiver):
    receiver(fail=True)
    events = AuditEvent.objects.count()
    with pytest.raises(RuntimeError, match="复制问卷失败"):
        start(city_admin, programme)
    assert not Programme.objects.filter(year=2023).exists()
    assert not FundingSource.objects.filter(document="测财〔2023〕12号").exists()
    assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("overrides", "error", "message"),
    [
        ({"year": 2022}, domain.YearExists, "2022年度项目已存在"),
        ({"year": 2021}, domain.FundsRuleError, "须晚于作为基础的2022年度"),
        ({"budget": 0}, domain.FundsRuleError, "预算金额必须大于0"),
        ({"budget": -5}, domain.FundsRuleError, "预算金额必须大于0"),
    ],
)
def test_a_bad_new_year_writes_nothing(programme, city_admin, receiver, overrides, error, message):
    heard = receiver()
    before = (Programme.objects.count(), FundingSource.objects.count(), AuditEvent.objects.count())
    with pytest.raises(error, match=message):
        start(city_admin, programme, **overrides)
    assert (Programme.objects.count(), FundingSource.objects.count(), AuditEvent.objects.count()) == before
    assert heard.calls == []


def test_only_the_city_starts_a_year(programme, panlong_officer, auditor):
    for user in (panlong_officer, auditor):
        with pytest.raises(ScopeViolation):
            start(user, programme)
    assert not Programme.objects.filter(year=2023).exists()
