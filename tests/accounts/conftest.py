import pytest

from tests.factories import InstitutionFactory, UserFactory


@pytest.fixture
def qingyu(db):
    return InstitutionFactory(name="昆明市盘龙区青玉保健按摩店", county_name="盘龙区")


@pytest.fixture
def zhang(db):
    return InstitutionFactory(name="昆明市官渡区张学光按摩店", county_name="官渡区")


@pytest.fixture
def guandu_operator(zhang):
    return UserFactory(role="operator", institution=zhang, username="zhang")


@pytest.fixture
def panlong_operator(qingyu):
    return UserFactory(role="operator", institution=qingyu, username="qingyu")


def signed_in(client, user):
    client.force_login(user)
    return client
