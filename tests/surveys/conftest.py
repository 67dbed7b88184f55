import pytest
from django.core.management import call_command

from guifan.surveys.models import Questionnaire

from .builders import open_survey


@pytest.fixture
def demo(capsys):
    """The Kunming demo: its 2022 survey is closed (the evaluation was signed off on it)."""
    call_command("demo")
    capsys.readouterr()
    return Questionnaire.objects.get(programme__year=2022)


@pytest.fixture
def survey(demo):
    """An open 2023 survey from the template, with one shared one-per-screen link."""
    return open_survey()
