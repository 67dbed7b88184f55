import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from guifan.evaluation.models import Evaluation

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(tmp_path, capsys):
    call_command("demo")
    evaluation = Evaluation.objects.get(template__startswith="决策")
    path = tmp_path / "indicators.xlsx"
    call_command("export_indicators", str(evaluation.pk), "-o", str(path))
    capsys.readouterr()
    return path


def test_an_indicator_tree_round_trips_through_excel_as_a_new_copy(exported):
    call_command("import_indicators", str(exported), "--year", "2022", "--name", "本市修订版")
    copy = Evaluation.objects.get(template="本市修订版")
    assert copy.indicators.filter(children__isnull=True).count() == 32
    assert copy.indicators.get(code="C142").source == "budget_execution_rate"
    assert copy.signed_off_at is None


def test_weights_that_no_longer_add_up_are_refused_and_nothing_is_written(exported):
    workbook = load_workbook(exported)
    sheet = workbook.active
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "A111")
    row[3].value = 5  # 立项依据充分性 3 → 5: 项目立项 no longer adds up
    workbook.save(exported)
    with pytest.raises(CommandError, match="“立项”的下级指标分值合计为8，应等于6"):
        call_command("import_indicators", str(exported), "--year", "2022", "--name", "错误版")
    assert not Evaluation.objects.filter(template="错误版").exists()


def test_bad_rows_are_listed_with_row_and_column(exported, capsys):
    workbook = load_workbook(exported)
    sheet = workbook.active
    sheet["H5"] = "made_up"
    sheet["B6"] = "ZZ"
    workbook.save(exported)
    with pytest.raises(CommandError, match="2 处错误"):
        call_command("import_indicators", str(exported), "--year", "2022", "--name", "错误版")
    printed = capsys.readouterr().err
    assert "第5行“数据来源”列：未知数据来源“made_up”" in printed
    assert "第6行“上级编号”列：找不到上级“ZZ”" in printed
