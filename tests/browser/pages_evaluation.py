"""The evaluation pages added for the second year: 新建绩效自评 (and its errors), 填写绩效目标 (and
its errors), and a fresh 2023 evaluation's detail, 申报表 and 自评表 pages."""

from tests.browser.pagespec import Page, submit_empty
from tests.factories import fresh_year


def _programme_2023():
    """A fresh 2023 year with nothing set up (no funding source, survey or application)."""
    return fresh_year(counties=())


def _fresh_2023_evaluation() -> int:
    """The 2023 evaluation from the 20/20/60 template, nothing scored, no goals entered."""
    from guifan.accounts.models import User
    from guifan.evaluation import services
    from guifan.evaluation.models import Evaluation

    programme = _programme_2023()
    evaluation = Evaluation.objects.filter(programme=programme).first()
    if evaluation is None:
        city = User.objects.get(username="city")
        evaluation = services.evaluation_create(by=city, programme=programme, template="seed")
    return evaluation.pk


PAGES = [
    Page("evaluation-new", "evaluation:new", "city"),
    Page("evaluation-new-errors", "evaluation:new", "city", prepare=submit_empty),
    Page("evaluation-goals", "evaluation:goals", "city", args=(_fresh_2023_evaluation,)),
    Page(
        "evaluation-goals-errors",
        "evaluation:goals",
        "city",
        args=(_fresh_2023_evaluation,),
        prepare=submit_empty,
    ),
    Page("evaluation-detail-2023", "evaluation:detail", "city", args=(_fresh_2023_evaluation,)),
    Page("evaluation-declaration-2023", "evaluation:declaration", "auditor", args=(_fresh_2023_evaluation,)),
    Page("evaluation-self-2023", "evaluation:self_evaluation", "auditor", args=(_fresh_2023_evaluation,)),
]
NOT_PAGES: dict[str, str] = {}
