import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from guifan.accounts.models import User
from guifan.evaluation import services
from guifan.evaluation.models import Evaluation, Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    call_command("demo")
    capsys.readouterr()


def seed_evaluation() -> Evaluation:
    return Evaluation.objects.get(template__startswith="决策")


def national_evaluation() -> Evaluation:
    return Evaluation.objects.get(template__startswith="项目支出")


def test_the_seed_template_has_32_leaves_under_20_20_60(demo):
    evaluation = seed_evaluation()
    leaves = evaluation.indicators.filter(children__isnull=True)
    assert leaves.count() == 32
    assert [(i.name, i.weight) for i in evaluation.indicators.filter(level=1)] == [
        ("项目决策", 20),
        ("项目管理", 20),
        ("项目绩效", 60),
    ]


def test_the_demo_reproduces_20_20_56_96_and_the_grade(demo, capsys):
    call_command("programme_summary", "2022")
    evaluations = json.loads(capsys.readouterr().out)["evaluations"]
    seed = evaluations[0]
    assert [(f["indicator"], f["score"]) for f in seed["first_level"]] == [
        ("项目决策", "20.00"),
        ("项目管理", "20.00"),
        ("项目绩效", "56.00"),
    ]
    assert (seed["total"], seed["grade"], seed["signed_off"]) == ("96.00", "优", True)
    national = evaluations[1]
    assert national["first_level"][0] == {
        "indicator": "预算执行率",
        "weight": "10",
        "score": "8.75",
        "deduction": "1.25",
    }


def test_computed_indicators_come_from_the_records(demo):
    leaves = {i.source: i for i in seed_evaluation().indicators.exclude(source="")}
    assert leaves["budget_execution_rate"].actual == Decimal("87.5")  # 14 of 16 (2022 money only)
    assert leaves["budget_execution_rate"].score == Decimal("3.5")  # 4 × 87.5%
    assert leaves["institutions_paid"].actual == 12
    assert "2022年资金7家、2021年资金5家" in leaves["institutions_paid"].actual_note
    assert leaves["cost_per_institution"].actual == 20000
    assert leaves["satisfaction_score"].actual.quantize(Decimal("0.01")) == Decimal("92.52")
    assert leaves["rectifications_closed_rate"].actual == 100


def test_whole_point_display_of_the_national_execution_score(demo, client):
    evaluation = national_evaluation()
    evaluation.display_places = 0
    evaluation.save()
    client.force_login(User.objects.get(username="city"))
    page = client.get(reverse("evaluation:self_evaluation", args=[evaluation.pk])).content.decode()
    assert '<td class="num">9</td>' in page  # 8.75 shown as 9
    assert Indicator.objects.get(evaluation=evaluation, source="budget_execution_rate").score == Decimal(
        "8.75"
    )


def test_a_signed_off_evaluation_is_frozen(demo):
    leaf = seed_evaluation().indicators.get(code="C221")
    with pytest.raises(services.EvaluationError, match="已确认"):
        services.indicator_score(
            by=User.objects.get(username="city"), indicator_id=leaf.pk, band="achieved", chosen=Decimal(4)
        )


def test_an_override_needs_a_reason_and_stays_in_range(demo):
    city = User.objects.get(username="city")
    leaf = national_evaluation().indicators.get(code="311")
    with pytest.raises(services.EvaluationError, match="须写明理由"):
        services.indicator_score(by=city, indicator_id=leaf.pk, override=Decimal(15))
    with pytest.raises(services.EvaluationError, match="0至15分之间"):
        services.indicator_score(by=city, indicator_id=leaf.pk, override=Decimal(16), override_reason="x")


def test_sign_off_requires_deviation_texts(demo):
    city = User.objects.get(username="city")
    evaluation = national_evaluation()
    leaf = evaluation.indicators.get(code="11")
    assert leaf.deviation  # the demo explains the 87.5%
    services.indicator_score(by=city, indicator_id=leaf.pk, deviation="")
    with pytest.raises(services.EvaluationError, match="“预算执行率”未得满分，须填写偏差原因分析及改进措施"):
        services.evaluation_sign_off(by=city, evaluation=evaluation)


def test_the_self_evaluation_form_exports_in_its_layout(demo, client):
    client.force_login(User.objects.get(username="auditor"))
    content = client.get(reverse("evaluation:self_evaluation_xlsx", args=[national_evaluation().pk])).content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[3][:8] == (
        "项目资金（万元）",
        None,
        "年初预算数",
        "全年预算数",
        "全年执行数",
        "分值",
        "执行率",
        "得分",
    )
    assert rows[4][0] == "年度资金总额" and rows[4][3:5] == (26, 24)
    assert rows[5][0] == "其中：当年财政拨款" and rows[5][2:8] == (16, 16, 14, 10, "87.50%", 8.75)
    assert rows[6][0] == "上年结转资金" and rows[6][3:5] == (10, 10)
    assert rows[9][:8] == (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "分值",
        "得分",
        "偏差原因分析及改进措施",
    )
    assert rows[-1][0] == "总分" and rows[-1][6] == 95.75 and rows[-1][7] == "评定等级：优"


def test_only_the_city_and_auditors_reach_the_evaluation(demo, client):
    evaluation = seed_evaluation()
    for username in ["panlong", "expert", "qingyu"]:
        client.force_login(User.objects.get(username=username))
        assert client.get(reverse("evaluation:detail", args=[evaluation.pk])).status_code == 403
    client.force_login(User.objects.get(username="auditor"))
    leaf = evaluation.indicators.get(code="C221")
    assert client.get(reverse("evaluation:indicator", args=[leaf.pk])).status_code == 403


def test_scoring_a_leaf_through_the_page_explains_bad_input_and_saves_good(demo, client):
    client.force_login(User.objects.get(username="city"))
    leaf = national_evaluation().indicators.get(code="321")
    url = reverse("evaluation:indicator", args=[leaf.pk])
    page = client.post(url, {"band": "partly", "chosen": "14", "not_applicable": "no"}).content.decode()
    assert "<title>错误：" in page and "“部分达成”的得分应在7.5至12分之间" in page
    page = client.post(url, {"band": "", "override": "10", "override_reason": "", "not_applicable": "no"})
    assert "人工调整得分须写明理由" in page.content.decode()
    assert Indicator.objects.get(pk=leaf.pk).score == 13  # unchanged by refused input
    response = client.post(
        url, {"band": "partly", "chosen": "10", "not_applicable": "no", "deviation": "长效机制未建立"}
    )
    assert response.status_code == 302
    assert Indicator.objects.get(pk=leaf.pk).score == 10


def test_rectification_measures_are_tracked_until_closed(demo, client):
    client.force_login(User.objects.get(username="city"))
    evaluation = seed_evaluation()
    assert evaluation.actions.count() == 3
    action = evaluation.actions.first()
    assert client.post(reverse("evaluation:action_close", args=[action.pk])).status_code == 302
    action.refresh_from_db()
    assert action.closed_on is not None
    page = client.get(reverse("evaluation:detail", args=[evaluation.pk])).content.decode()
    assert f"已于{action.closed_on:%Y-%m-%d}完成" in page
    response = client.post(
        reverse("evaluation:action_new", args=[evaluation.pk]), {"text": "", "owner": "", "due": ""}
    )
    assert "<title>错误：" in response.content.decode()
    client.force_login(User.objects.get(username="auditor"))
    assert client.get(reverse("evaluation:action_new", args=[evaluation.pk])).status_code == 403


def test_the_forms_come_as_word_tables_too(demo, client):
    from docx import Document

    client.force_login(User.objects.get(username="auditor"))
    document = Document(
        io.BytesIO(
            client.get(reverse("evaluation:self_evaluation_docx", args=[national_evaluation().pk])).content
        )
    )
    money, indicators = document.tables
    assert [c.text for c in money.rows[2].cells] == [
        "其中：当年财政拨款",
        "16",
        "16",
        "14",
        "10",
        "87.50%",
        "8.75",
    ]
    assert [c.text for c in indicators.rows[-1].cells][6:] == ["95.75", "评定等级：优"]
    document = Document(
        io.BytesIO(client.get(reverse("evaluation:declaration_docx", args=[seed_evaluation().pk])).content)
    )
    assert len(document.tables[1].rows) == 18  # header + the 17 output, effect and satisfaction targets
