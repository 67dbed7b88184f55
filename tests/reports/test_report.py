"""The demo's report, generated from the records: its figures against the seed's counts, the
checker on it, the narrative, the pages and their scope, and the commands."""

import io
import json
import re
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document as open_docx

from guifan.accounts.models import User
from guifan.audit.models import AuditEvent
from guifan.funds.models import Programme
from guifan.reports import services
from guifan.reports.builder import build
from guifan.reports.domain import check
from guifan.reports.extract import figures_of
from guifan.reports.readers import read_docx

from .test_domain import SEED, seed_score

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    call_command("demo")
    capsys.readouterr()
    return Programme.objects.get(year=2022)


def city() -> User:
    return User.objects.get(username="city")


def docx_text(content: bytes) -> str:
    d = open_docx(io.BytesIO(content))
    cells = [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in d.paragraphs] + cells)


def test_the_demo_report_has_the_seeds_structure_and_correct_figures(demo):
    report = services.report_generate(by=city(), programme=demo, fmt="docx")
    assert report.findings == []
    text = docx_text(report.content)
    for heading in (
        "摘　要",
        "一、项目基本情况",
        "二、绩效评价工作情况",
        "三、评价结论和绩效分析",
        "四、成本效益分析",
        "五、主要经验及做法、存在的问题和建议",
        "附件：项目支出绩效自评表",
    ):
        assert heading in text
    assert f"满意度得分为{seed_score()}分" in text
    assert f"满意率（选择“非常满意”和“满意”的答题占全部答题的比例）为{Decimal(24100) / 270:.2f}%" in text
    assert f"为2022年度预算16万元的{Decimal(14) * 100 / 16}%" in text  # not the seed's 150%
    prose = "\n".join(p.text for p in open_docx(io.BytesIO(report.content)).paragraphs)
    assert "150%" not in prose  # (the 绩效自评表's deviation note quotes the seed's figure to explain it)
    assert "其中使用2022年度资金7家、使用2021年度结转资金5家" in text
    assert "最终自评得分96分，评定等级为优" in text


def test_phones_are_masked_in_the_report(demo):
    from guifan.registry.models import Institution

    text = docx_text(services.report_generate(by=city(), programme=demo, fmt="docx").content)
    phones = list(Institution.objects.values_list("phone", flat=True))
    assert phones and not any(p in text for p in phones)
    assert re.search(r"138\*\*\*\*\d{4}", text)


def test_the_generated_docx_reads_back_with_every_table_and_no_finding(demo):
    content = services.report_generate(by=city(), programme=demo, fmt="docx").content
    figures = figures_of(read_docx(io.BytesIO(content)))
    assert check(figures) == []
    assert sum(g.rows for g in figures.institutions.groups) == 12
    assert figures.institutions.total_amount == Decimal(24) == 2 * 12
    assert [(r.year, r.budget, r.paid, r.institutions) for r in figures.funds] == [
        (2022, 16, 14, 7),
        (2021, 10, 10, 5),
    ]
    assert figures.satisfaction.final_score == seed_score()
    assert figures.scores.total.score == 96


def test_a_finding_blocks_the_export_until_acknowledged_and_the_export_is_audited(demo):
    services.narrative_save(by=city(), programme=demo, texts={"main_performance": "满意度为94%。"})
    with pytest.raises(services.ReportBlocked) as blocked:
        services.report_generate(by=city(), programme=demo, fmt="html")
    assert [f.found for f in blocked.value.findings] == ["94%"]
    report = services.report_generate(by=city(), programme=demo, fmt="html", acknowledge=True)
    assert "满意度为94%" in report.content.decode()
    event = AuditEvent.objects.filter(action="export").latest("at")
    assert "确认了一致性检查的1处问题" in event.note


def test_an_unknown_placeholder_is_refused_and_nothing_is_saved(demo):
    with pytest.raises(services.NarrativeError) as error:
        services.narrative_save(
            by=city(), programme=demo, texts={"intro": "预算{预算金额}万元", "funds": "共{总金额}万元"}
        )
    assert "{总金额}" in error.value.errors["funds"]
    assert not demo.narrative.exists()


def test_the_placeholder_list_names_exactly_the_computed_values(demo):
    from guifan.reports.builder import gather, placeholder_names, values

    assert sorted(values(gather(demo))) == sorted(placeholder_names())


def test_edited_text_appears_with_its_placeholders_filled(demo):
    services.narrative_save(by=city(), programme=demo, texts={"intro": "本年度预算{预算金额}万元。"})
    assert "本年度预算16万元。" in build(demo, with_chart=False).text()
    assert AuditEvent.objects.filter(action="update", object_repr__contains="intro").exists()


def test_only_the_city_and_auditors_reach_the_report(client, demo):
    url = reverse("reports:report", args=[2022])
    client.force_login(User.objects.get(username="panlong"))
    assert client.get(url).status_code == 403
    assert client.get(reverse("reports:narrative", args=[2022])).status_code == 403
    client.force_login(User.objects.get(username="auditor"))
    assert client.get(url).status_code == 200
    assert client.get(reverse("reports:narrative", args=[2022])).status_code == 403
    client.force_login(User.objects.get(username="qingyu"))
    assert client.get(reverse("reports:check")).status_code == 403


def test_the_report_page_downloads_a_word_document(client, demo):
    client.force_login(city())
    page = client.get(reverse("funds:programme", args=[2022])).content.decode()
    assert reverse("reports:report", args=[2022]) in page
    response = client.post(reverse("reports:report", args=[2022]), {"format": "docx"})
    assert response["Content-Disposition"] == 'attachment; filename="self-evaluation-2022.docx"'
    assert "一、项目基本情况" in docx_text(response.content)


def test_a_county_officer_checks_an_uploaded_report(client, demo):
    client.force_login(User.objects.get(username="panlong"))
    with SEED.open("rb") as f:
        page = client.post(reverse("reports:check"), {"file": f}).content.decode()
    assert "执行率超过100%" in page and "93.78" in page
    bad = io.BytesIO(b"not a docx")
    bad.name = "report.docx"
    page = client.post(reverse("reports:check"), {"file": bad}).content.decode()
    assert "无法读取：“report.docx”不是有效的Word 文档" in page


def test_check_report_exit_codes_and_json(tmp_path):
    run = [sys.executable, "-m", "guifan.cli", "check-report"]
    seed = subprocess.run([*run, str(SEED), "--json"], capture_output=True, text=True)
    assert seed.returncode == 1
    rules = {f["rule"] for f in json.loads(seed.stdout)["findings"]}
    assert {"满意度表", "执行率超过100%", "完成数与年度目标不符", "调查县区不符"} <= rules
    junk = tmp_path / "x.docx"
    junk.write_text("junk")
    assert subprocess.run([*run, str(junk)], capture_output=True).returncode == 2


def test_the_report_command_writes_a_clean_docx(demo, tmp_path, capsys):
    target = tmp_path / "r.docx"
    call_command("report", programme=2022, format="docx", output=str(target))
    assert "发现 0 处问题" in capsys.readouterr().out
    assert check(figures_of(read_docx(str(target)))) == []
