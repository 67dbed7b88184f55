"""The results table in the seed's layout (人数 / 占比 / 分数 rows per question), from counts."""

from fractions import Fraction

from django.http import HttpResponse
from django.utils import timezone
from openpyxl.styles import Alignment, Font

from guifan.core import xlsx

from .domain import largest_remainder, to_decimal
from .models import Answer
from .selectors import Results


def results_response(res: Results) -> HttpResponse:
    workbook, sheet = xlsx.new_workbook("满意度调查结果")
    keys = [f"{k}（{label}）" for k, label in zip(res.keys, res.labels, strict=True)]
    xlsx.append_row(sheet, [res.questionnaire.title])
    xlsx.append_row(sheet, ["问卷题目及选项", "项目", *keys, "合计人数"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for question, r, shares, scores in res.rows:
        xlsx.append_row(sheet, [f"{question.number}.{question.text}", "人数", *r.counts, r.n])
        xlsx.append_row(
            sheet,
            [
                "",
                "占比",
                *([f"{s}%" for s in shares] if r.n else ["—"] * len(shares)),
                "100%" if r.n else "—",
            ],
        )
        xlsx.append_row(sheet, ["", "分数", *scores, to_decimal(r.score)])
    totals = res.result.option_totals
    grand = sum(totals)
    xlsx.append_row(sheet, ["合计", "人数", *totals, grand])
    if grand:  # no answer yet: no share to state
        shares = [f"{s}%" for s in largest_remainder([Fraction(100 * t, grand) for t in totals])]
    xlsx.append_row(
        sheet, ["", "占比", *(shares if grand else ["—"] * len(totals)), "100%" if grand else "—"]
    )
    column_scores = [
        sum((q.option_scores[i] for q in res.result.questions), Fraction(0)) for i in range(len(totals))
    ]
    xlsx.append_row(
        sheet, ["", "分数", *[to_decimal(s) for s in column_scores], to_decimal(res.result.score)]
    )
    xlsx.append_row(sheet, ["满意度得分", "", to_decimal(res.result.score)])
    xlsx.append_row(sheet, ["满意率（非常满意+满意）", "", f"{to_decimal(res.result.satisfied_rate)}%"])
    sheet.column_dimensions["A"].width = 60
    for row in sheet.iter_rows(min_row=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    return xlsx.response(workbook, f"survey-{res.questionnaire.pk}.xlsx")


def answers_response(questionnaire, responses) -> HttpResponse:
    """Every complete answer sheet, one row each, with the option letter chosen per question."""
    questions = list(questionnaire.questions.order_by("number"))
    workbook, sheet = xlsx.new_workbook("答卷", write_only=True)
    xlsx.append_row(
        sheet, ["提交编号", "来源", "县区", "身份", "提交时间", *[f"第{q.number}题" for q in questions]]
    )
    chosen: dict[int, dict[int, list[str]]] = {}
    for response_id, question_id, key, text in Answer.objects.filter(response__in=responses).values_list(
        "response_id", "question_id", "option__key", "text"
    ):
        chosen.setdefault(response_id, {}).setdefault(question_id, []).append(key or text)
    for r in responses:
        answers = chosen.get(r.pk, {})
        xlsx.append_row(
            sheet,
            [
                str(r.key),
                r.get_source_display(),
                r.county.name if r.county else "",
                r.get_respondent_type_display(),
                timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M") if r.submitted_at else "",
                *["、".join(answers.get(q.id, [])) for q in questions],
            ],
        )
    return xlsx.response(workbook, f"survey-{questionnaire.pk}-answers.xlsx")
