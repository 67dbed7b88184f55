import pytest
from django.core.management import call_command

from guifan.accounts.models import User
from guifan.funds.models import Programme


@pytest.fixture
def demo(db, capsys):
    call_command("demo")
    capsys.readouterr()


@pytest.fixture
def city(demo) -> User:
    return User.objects.get(username="city")


def make_2023(by) -> Programme:
    """A fresh 2023 year with nothing set up: no funding source, no application, no survey."""
    from guifan.funds.services import programme_create

    existing = Programme.objects.filter(year=2023).first()
    return existing or programme_create(
        by=by,
        data={
            "year": 2023,
            "name": "盲人保健按摩机构规范化建设量化分级评定",
            "implementing_unit": "昆明市残疾人综合服务中心",
            "subsidy_standard": 2_000_000,
            "annual_target": 10,
        },
        counties=[],
    )


@pytest.fixture
def programme_2023(city) -> Programme:
    return make_2023(city)
