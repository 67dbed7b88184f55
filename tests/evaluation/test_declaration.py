"""The 绩效目标申报表 as the national form has it: funds rows, goals, and only the targets."""

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from guifan.accounts.models import User
from guifan.evaluation.models import Evaluation

pytestmark = pytest.mark.django_db

# The seed template's output, effect and satisfaction leaves (项目绩效 minus 预算执行率), by hand.
SEED_TARGETS = [
    ("产出指标", "数量指标", "扶持机构数量", "≥8家"),
    ("", "", "验收通过率", "≥100%"),
    ("", "质量指标", "整改完成率", "=100%"),
    ("", "时效指标", "按时完成率", "≥90%"),
    ("", "成本指标", "单位补助成本", "≤20000元/家"),
    ("效益指标", "社会效益指标", "盲人就业稳定性", "定性"),
    ("", "", "机构规范经营水平", "定性"),
    ("", "", "行业社会形象", "定性"),
    ("", "可持续影响指标", "长效监管机制", "定性"),
    ("", "", "制度建设可持续性", "定性"),
    ("", "", "辐射带动作用", "定性"),
    ("满意度指标", "服务对象满意度指标", "满意度得分", "≥90分"),
    ("", "", "满意率", "≥85%"),
    ("", "", "政策知晓率", "定性"),
    ("", "", "申请便利性", "定性"),
    ("", "", "投诉处理", "定性"),
    ("", "", "公示异议处理", "定性"),
]


def evaluation(prefix: str) -> Evaluation:
    return Evaluation.objects.get(programme__year=2022, template__startswith=prefix)


def download(client, name: str, pk: int) -> bytes:
    client.force_login(User.objects.get(username="auditor"))
    return client.get(reverse(name, args=[pk])).content


def test_the_declaration_lists_the_targets_not_the_process_indicators(demo, client):
    client.force_login(User.objects.get(username="city"))
    page = client.get(reverse("evaluation:declaration", args=[evaluation("决策").pk])).content.decode()
    assert "立项依据充分性" not in page and "资金到位率" not in page and "预算执行率</th>" not in page
    assert '<th scope="row">扶持机构数量</th><td>≥8家</td>' in page
    assert (
        '<th scope="rowgroup" rowspan="2">产出指标</th><th scope="rowgroup" rowspan="2">数量指标</th>' in page
    )
    # 2022: the budget line 昆财社〔2022〕40号 of 16万元, no other money.
    assert '<th scope="row">年度资金总额</th><td class="num">16万元</td>' in page
    assert '<th scope="row">其中：财政拨款</th><td class="num">16万元</td>' in page
    assert '<th scope="row">其他资金</th><td class="num">0万元</td>' in page
    assert "<dt>中长期目标</dt><dd>落实“十四五”任务要求" in page


def test_the_declaration_exports_to_excel_in_the_forms_layout(demo, client):
    content = download(client, "evaluation:declaration_xlsx", evaluation("决策").pk)
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "项目支出绩效目标申报表（2022年度）"
    assert rows[2][:2] == ("主管部门", "昆明市残疾人联合会")
    assert rows[4:7] == [
        ("项目资金（万元）", "年度资金总额", 16, None),
        (None, "其中：财政拨款", 16, None),
        (None, "其他资金", 0, None),
    ]
    assert rows[7][:2] == ("总体目标", "中长期目标") and rows[8][1] == "年度目标"
    assert rows[8][2].startswith("2022年计划扶持8家")
    header = rows.index(("一级指标", "二级指标", "三级指标", "指标值"))
    assert [tuple(v or "" for v in r) for r in rows[header + 1 :]] == SEED_TARGETS


def test_the_national_templates_declaration_has_its_seven_targets_in_word(demo, client):
    document = Document(
        io.BytesIO(download(client, "evaluation:declaration_docx", evaluation("项目支出").pk))
    )
    info, targets = document.tables
    assert [c.text for c in info.rows[4].cells] == ["项目资金（万元）", "年度资金总额", "16"]
    assert [[c.text for c in row.cells] for row in targets.rows] == [
        ["一级指标", "二级指标", "三级指标", "指标值"],
        ["产出指标", "数量指标", "扶持机构数量", "≥8家"],
        ["", "质量指标", "验收通过率", "≥100%"],
        ["", "时效指标", "按时完成率", "≥90%"],
        ["", "成本指标", "单位补助成本", "≤20000元/家"],
        ["效益指标", "社会效益指标", "盲人就业稳定性", "定性"],
        ["", "可持续影响指标", "长效监管机制", "定性"],
        ["满意度指标", "服务对象满意度指标", "满意度得分", "≥90分"],
    ]


def test_a_fresh_year_without_money_says_so_instead_of_zero(programme_2023, client):
    from guifan.evaluation import services

    city = User.objects.get(username="city")
    fresh = services.evaluation_create(by=city, programme=programme_2023, template="seed")
    client.force_login(city)
    page = client.get(reverse("evaluation:declaration", args=[fresh.pk])).content.decode()
    assert "项目资金（万元）：本年度尚未登记资金来源" in page
    assert '<th scope="row">年度资金总额</th><td class="num">—</td>' in page
    assert "<dd>尚未填写</dd>" in page
    assert '<th scope="row">扶持机构数量</th><td>≥10家</td>' in page  # the 2023 target
