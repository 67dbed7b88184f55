"""The results table in the seed's layout (人数 / 占比 / 分数 rows per question), from counts."""

from fractions import Fraction

from django.http import HttpResponse
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from .domain import largest_remainder, to_decimal
from .selectors import Results


def results_response(res: Results) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "满意度调查结果"
    keys = [f"{k}（{label}）" for k, label in zip(res.keys, res.labels, strict=True)]
    sheet.append([res.questionnaire.title])
    sheet.append(["问卷题目及选项", "项目", *keys, "合计人数"])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for question, r, shares, scores in res.rows:
        sheet.append([f"{question.number}.{question.text}", "人数", *r.counts, r.n])
        sheet.append(["", "占比", *[f"{s}%" for s in shares], "100%" if r.n else "0%"])
        sheet.append(["", "分数", *scores, to_decimal(r.score)])
    totals = res.result.option_totals
    grand = sum(totals)
    sheet.append(["合计", "人数", *totals, grand])
    shares = largest_remainder([Fraction(100 * t, grand) for t in totals]) if grand else [0] * len(totals)
    sheet.append(["", "占比", *[f"{s}%" for s in shares], "100%"])
    column_scores = [
        sum((q.option_scores[i] for q in res.result.questions), Fraction(0)) for i in range(len(totals))
    ]
    sheet.append(["", "分数", *[to_decimal(s) for s in column_scores], to_decimal(res.result.score)])
    sheet.append(["满意度得分", "", to_decimal(res.result.score)])
    sheet.append(["满意率（非常满意+满意）", "", f"{to_decimal(res.result.satisfied_rate)}%"])
    sheet.column_dimensions["A"].width = 60
    for row in sheet.iter_rows(min_row=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="survey-{res.questionnaire.pk}.xlsx"'
    workbook.save(response)
    return response
