"""Issue 13: text people type is never exported as a live formula (CSV/formula injection).

Formula-like text is planted in every free-text field an export shows (see planted.py), then every
.xlsx export is downloaded the way its users get it: the web exports through the test client as
the role that downloads them, the two command-line exports through their commands."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from guifan.core import xlsx
from guifan.registry.models import Institution
from guifan.registry.services import institution_create, institutions_import
from tests.factories import region

from .planted import HYPERLINK, PLANTED, formula_free_texts, plant

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "guifan"


@pytest.fixture
def world(city_admin, panlong_officer):
    return plant(city_admin, panlong_officer)


def _web(client, user, url: str) -> bytes:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"] == xlsx.XLSX
    return response.content


def _command(tmp_path, *args) -> bytes:
    output = tmp_path / "export.xlsx"
    call_command(*args, "-o", str(output), stdout=io.StringIO())
    return output.read_bytes()


WEB_EXPORTS = {
    "institutions": lambda w: reverse("registry:export"),
    "ledger": lambda w: reverse("funds:ledger_export", args=[w.programme.year]),
    "counties": lambda w: reverse("funds:county_table_export", args=[w.programme.year]),
    "declaration": lambda w: reverse("evaluation:declaration_xlsx", args=[w.evaluation.pk]),
    "self_evaluation": lambda w: reverse("evaluation:self_evaluation_xlsx", args=[w.evaluation.pk]),
    "survey_results": lambda w: reverse("surveys:results_export", args=[w.questionnaire.pk]),
    "survey_answers": lambda w: reverse("surveys:answers_export", args=[w.questionnaire.pk]),
}


@pytest.mark.parametrize("export", list(WEB_EXPORTS))
def test_a_web_export_shows_planted_formulas_as_plain_text(client, world, city_admin, export):
    texts = formula_free_texts(_web(client, city_admin, WEB_EXPORTS[export](world)))
    missing = [t for t in world.shown[export] if t not in texts]
    assert not missing, f"{export}: planted text not shown verbatim: {missing!r}"


def test_the_county_officers_own_ledger_export_is_formula_free_too(client, world, panlong_officer):
    content = _web(client, panlong_officer, reverse("funds:ledger_export", args=[world.programme.year]))
    assert PLANTED[0] in formula_free_texts(content)


def test_the_standard_export_command_shows_planted_formulas_as_plain_text(world, tmp_path):
    texts = formula_free_texts(_command(tmp_path, "export_standard", "--name", "公式测试标准"))
    assert [t for t in world.shown["standard"] if t not in texts] == []


def test_the_indicator_export_command_shows_planted_formulas_as_plain_text(world, tmp_path):
    texts = formula_free_texts(_command(tmp_path, "export_indicators", str(world.evaluation.pk)))
    assert [t for t in world.shown["indicators"] if t not in texts] == []


# ---- the institution export reads back through the import ---------------------------------------

# The import removes white space inside names (documents pad them), so tab- and CR-led text cannot
# survive it whatever the export does; these five come back character for character.
ROUND_TRIP = [t for t in PLANTED if not re.search(r"\s", t)] + ["=SUM(A1:A9)"]


def test_the_institution_export_imports_back_to_the_same_text(client, city_admin):
    for i, text in enumerate(ROUND_TRIP):
        institution_create(
            by=city_admin,
            data={
                "name": text,
                "county": region("盘龙区"),
                "address": ROUND_TRIP[i - 1],
                "responsible_person": ROUND_TRIP[i - 2],
                "phone": f"1390000{i:04d}",
            },
        )
    before = sorted(Institution.objects.values_list("name", "address", "responsible_person"))
    content = _web(client, city_admin, reverse("registry:export"))
    Institution.objects.all().delete()
    result = institutions_import(by=city_admin, source=io.BytesIO(content))
    assert result.created == len(ROUND_TRIP)
    assert sorted(Institution.objects.values_list("name", "address", "responsible_person")) == before


# ---- the one writer -------------------------------------------------------------------------------


@pytest.mark.parametrize("write_only", [True, False])
def test_the_writer_stores_formula_like_text_as_quoted_text_and_reads_it_back(write_only):
    tricky = [*PLANTED, "=", "#N/A", " padded ", "普通文字"]
    workbook, sheet = xlsx.new_workbook("表", write_only=write_only)
    xlsx.append_row(sheet, tricky)
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert formula_free_texts(buffer.getvalue()) == tricky
    for read_only in (True, False):
        read = load_workbook(io.BytesIO(buffer.getvalue()), read_only=read_only, data_only=True)
        assert list(next(read.worksheets[0].iter_rows(values_only=True))) == tricky
    cells = next(load_workbook(io.BytesIO(buffer.getvalue())).worksheets[0].iter_rows())
    assert [c.quotePrefix for c in cells] == [True] * 8 + [False] * 3


def test_the_writer_keeps_numbers_dates_and_decimals_typed():
    from datetime import date
    from decimal import Decimal

    workbook, sheet = xlsx.new_workbook("表")
    xlsx.append_row(sheet, [1, 2.5, Decimal("3.25"), date(2023, 1, 2), None, True, -4])
    buffer = io.BytesIO()
    workbook.save(buffer)
    row = next(load_workbook(buffer).active.iter_rows())
    assert [c.data_type for c in row] == ["n", "n", "n", "d", "n", "b", "n"]
    assert [c.value for c in row][:3] == [1, 2.5, 3.25]
    assert not any(c.quotePrefix for c in row)


def test_a_styled_cell_keeps_its_style_and_its_text():
    from openpyxl.styles import Font

    workbook, sheet = xlsx.new_workbook("表", write_only=True)
    xlsx.append_row(sheet, [xlsx.cell(sheet, HYPERLINK, font=Font(bold=True)), "x"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    first = load_workbook(buffer).active["A1"]
    assert (first.value, first.data_type, first.quotePrefix, first.font.b) == (HYPERLINK, "s", True, True)


def test_no_module_but_core_xlsx_builds_a_workbook():
    """Any new export must go through guifan.core.xlsx, which never writes a formula."""
    offenders = [
        str(path.relative_to(SRC))
        for path in SRC.rglob("*.py")
        if path != SRC / "core" / "xlsx.py"
        and re.search(
            r"\bWorkbook\(|WriteOnlyCell|from openpyxl import .*\bWorkbook\b", path.read_text("utf-8")
        )
    ]
    assert offenders == []


def test_control_characters_pasted_into_a_field_do_not_break_the_export(client, city_admin):
    institution_create(
        by=city_admin,
        data={
            "name": "控制字符按摩店",
            "county": region("盘龙区"),
            "address": "五华区\x01人民路\x1f8号",
            "responsible_person": "张三",
            "phone": "13900001234",
        },
    )
    sheet = load_workbook(io.BytesIO(_web(client, city_admin, reverse("registry:export")))).active
    addresses = [row[4] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert "五华区\ufffd人民路\ufffd8号" in addresses
