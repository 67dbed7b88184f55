import pytest
from django.core.management import call_command

from guifan.accounts.models import User
from guifan.funds.models import Programme
from tests.factories import fresh_year


@pytest.fixture
def demo(db, capsys):
    call_command("demo")
    capsys.readouterr()


@pytest.fixture
def city(demo) -> User:
    return User.objects.get(username="city")


def make_2023(by) -> Programme:
    """A fresh 2023 year with nothing set up: no funding source, no application, no survey."""
    return fresh_year(counties=(), annual_target=10, by=by)


@pytest.fixture
def programme_2023(city) -> Programme:
    return make_2023(city)
