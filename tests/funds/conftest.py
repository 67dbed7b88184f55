from datetime import date

import pytest

from guifan.funds import services
from guifan.funds.models import Enrolment
from tests.factories import InstitutionFactory, region

WAN = 1_000_000


@pytest.fixture
def programme(city_admin):
    """2022: tasks in 盘龙区 and 官渡区, a 4万元 budget received and 4万元 transferred to 盘龙区."""
    programme = services.programme_create(
        by=city_admin,
        data={
            "year": 2022,
            "name": "测试项目",
            "implementing_unit": "测试中心",
            "subsidy_standard": 2 * WAN,
            "annual_target": 2,
        },
        counties=[region("盘龙区"), region("官渡区")],
    )
    source = services.source_create(
        by=city_admin, programme=programme, document="测财〔2022〕1号", budget=4 * WAN
    )
    services.funds_receive(by=city_admin, source_id=source.pk, on=date(2022, 3, 1), amount=4 * WAN)
    services.funds_transfer(
        by=city_admin,
        source_id=source.pk,
        county=region("盘龙区"),
        on=date(2022, 4, 1),
        amount=4 * WAN,
        document="下拨1号",
    )
    programme.source = source
    return programme


@pytest.fixture
def accepted(programme, city_admin):
    """Three 盘龙区 institutions the council approved (the grading workflow sets `accepted`)."""
    return [
        Enrolment.objects.create(
            programme=programme,
            institution=InstitutionFactory(county_name="盘龙区"),
            accepted=True,
            accepted_on=date(2022, 7, 1),
        )
        for _ in range(3)
    ]
