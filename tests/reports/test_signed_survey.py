"""The 2022 case: answers entered after the evaluation was signed off changed the report's text (34份,
91.53分) while its appendix kept 92.52. The report takes the survey figures the sign-off recorded, so
it cannot contradict its own appendix; and a report that does is caught by the checker."""

import pytest
from django.core.management import call_command

from guifan.evaluation.models import Evaluation
from guifan.funds.models import Programme
from guifan.reports.builder import SURVEY_CHANGED, build
from guifan.reports.document import Table
from guifan.reports.domain import check
from guifan.reports.extract import figures_of
from guifan.surveys.constants import QuestionKind, Source
from guifan.surveys.models import Answer, Response

from .test_domain import seed_score

pytestmark = pytest.mark.django_db


@pytest.fixture
def late_answers(capsys):
    """The demo, then seven questionnaires answered 非常满意 throughout after sign-off: entered
    behind the services' back, as the open survey allowed in 2022."""
    call_command("demo")
    capsys.readouterr()
    programme = Programme.objects.get(year=2022)
    questionnaire = programme.questionnaires.order_by("-version").first()
    for _ in range(7):
        response = Response.objects.create(questionnaire=questionnaire, source=Source.PAPER, complete=True)
        for question in questionnaire.questions.filter(kind=QuestionKind.SCALE):
            Answer.objects.create(response=response, question=question, option=question.options.get(key="A"))
    return programme


def satisfaction_tables(document) -> list[Table]:
    return [b for b in document.blocks if isinstance(b, Table) and b.caption.startswith("表4")]


def test_the_report_states_the_survey_the_evaluation_was_signed_with(late_answers):
    signed = Evaluation.objects.get(programme=late_answers, signed_off_at__isnull=False)
    assert signed.survey_snapshot["questionnaires"] == "27"
    document = build(late_answers, with_chart=False)
    text = document.text()
    assert "共计收回有效问卷27份" in text and f"满意度得分为{seed_score()}分" in text
    assert "34份" not in text
    assert SURVEY_CHANGED in text and satisfaction_tables(document) == []  # the live table would differ
    assert check(figures_of(document)) == []


def test_without_the_snapshot_the_checker_catches_the_report_contradicting_its_appendix(late_answers):
    Evaluation.objects.filter(programme=late_answers).update(survey_snapshot=None)  # as before the fix
    document = build(late_answers, with_chart=False)
    assert "共计收回有效问卷34份" in document.text()  # 27 + 7
    found = {(f.rule, f.expected) for f in check(figures_of(document))}
    assert ("与附表不符", f"{seed_score()}分") in found


def test_with_no_late_answer_the_report_keeps_its_satisfaction_table(capsys):
    call_command("demo")
    capsys.readouterr()
    document = build(Programme.objects.get(year=2022), with_chart=False)
    assert len(satisfaction_tables(document)) == 1 and SURVEY_CHANGED not in document.text()
