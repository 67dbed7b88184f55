"""The survey part of the programme summary."""

from typing import Any

from .domain import to_decimal
from .selectors import survey_results


def surveys_summary(programme) -> dict[str, Any]:
    items = []
    for questionnaire in programme.questionnaires.all():
        res = survey_results(questionnaire)
        items.append(
            {
                "title": questionnaire.title,
                "version": questionnaire.version,
                "valid_questionnaires": res.result.respondents,
                "question_scores": [str(to_decimal(q.score)) for q in res.result.questions],
                "score": str(to_decimal(res.result.score)),
                "satisfied_rate": str(to_decimal(res.result.satisfied_rate)),
                "by_source": res.by_source,
            }
        )
    return {"surveys": items}
