from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guifan.funds import services as funds
from guifan.grading import services
from guifan.grading.constants import Action, InspectionKind
from guifan.grading.loading import load_standard_file
from guifan.grading.services.inspections import scored_items
from tests.factories import InstitutionFactory, UserFactory, operator_of, region

PDF = b"%PDF-1.4\n%test\n%%EOF\n"


def pdf(name="evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def standard(db):
    return load_standard_file()


@pytest.fixture
def programme(city_admin):
    return funds.programme_create(
        by=city_admin,
        data={
            "year": 2022,
            "name": "测试项目",
            "implementing_unit": "中心",
            "subsidy_standard": 2_000_000,
            "annual_target": 2,
        },
        counties=[region("盘龙区"), region("官渡区")],
    )


@pytest.fixture
def institution(db):
    return InstitutionFactory(name="测试青玉按摩店", county_name="盘龙区")


@pytest.fixture
def operator(institution):
    return operator_of(institution)


@pytest.fixture
def expert(db):
    return UserFactory(username="expert", role="inspector")


@pytest.fixture
def application(programme, institution, operator, standard):
    return services.application_create(
        by=operator, programme=programme, institution=institution, standard=standard
    )


def move(application, by, *actions, comment=""):
    for action in actions:
        application = services.application_transition(
            by=by, application_id=application.pk, action=action, comment=comment
        )
    return application


def score_all(by, inspection, *, low: dict[str, Decimal] | None = None, complete=True):
    low = low or {}
    items = scored_items(inspection.application.standard)
    scores = {i.id: (low.get(i.code, i.max_points), "") for i in items}
    files = {i.id: pdf() for i in items if i.evidence_required}
    return services.inspection_save(
        by=by, inspection_id=inspection.pk, scores=scores, files=files, complete=complete
    )


@pytest.fixture
def at_city_inspection(application, operator, panlong_officer, expert):
    """An application that reached the city inspection, with a completed county self-inspection."""
    move(application, operator, Action.SUBMIT)
    move(application, panlong_officer, Action.APPROVE, Action.START_CONSTRUCTION)
    county = services.inspection_start(
        by=panlong_officer, application_id=application.pk, kind=InspectionKind.COUNTY, on=date(2022, 7, 1)
    )
    score_all(panlong_officer, county)
    move(application, panlong_officer, Action.FINISH_SELF_INSPECTION)
    return move(application, expert, Action.START_CITY_INSPECTION)
