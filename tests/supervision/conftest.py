from datetime import date

import pytest

from guifan.grading.loading import load_standard_file
from guifan.supervision import services
from tests.factories import InstitutionFactory, UserFactory, operator_of

DECIDED = date(2022, 8, 10)


@pytest.fixture
def standard(db):
    return load_standard_file()


def make_grade(
    by, *, county="盘龙区", level="一级", decided_on=DECIDED, valid_to=date(2025, 8, 9), name=None, standard
):
    institution = InstitutionFactory(county_name=county, **({"name": name} if name else {}))
    return services.grade_create(
        by=by,
        institution=institution,
        level=level,
        score=None,
        standard=standard,
        decision_number=f"昆残理〔{decided_on.year}〕1号",
        decided_on=decided_on,
        valid_to=valid_to,
    )


@pytest.fixture
def panlong_grade(city_admin, standard):
    return make_grade(city_admin, name="盘龙测试按摩店", standard=standard)


@pytest.fixture
def guandu_grade(city_admin, standard):
    return make_grade(city_admin, county="官渡区", name="官渡测试按摩店", standard=standard)


@pytest.fixture
def panlong_operator(panlong_grade):
    return operator_of(panlong_grade.institution, username="panlong-op")


@pytest.fixture
def expert(db):
    return UserFactory(username="expert", role="inspector")
