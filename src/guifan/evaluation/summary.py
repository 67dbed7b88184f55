"""The evaluation part of the programme summary: per evaluation, first-level scores, total, grade."""

from typing import Any

from .domain import display
from .selectors import sheet


def evaluations_summary(programme) -> dict[str, Any]:
    items = []
    for evaluation in programme.evaluations.order_by("id"):
        s = sheet(evaluation)
        items.append(
            {
                "template": evaluation.template,
                "signed_off": evaluation.frozen,
                "first_level": [
                    {
                        "indicator": name,
                        "weight": str(display(weight, 0)),
                        "score": str(display(score, 2)),
                        "deduction": str(display(deducted, 2)),
                    }
                    for name, weight, score, deducted in s.first_level
                ],
                "total": str(display(s.total.total, 2)),
                "grade": s.total.grade,
            }
        )
    return {"evaluations": items}
