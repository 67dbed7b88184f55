"""A year started from 2022 gets a copy of each of 2022's evaluations: the report (and the home page)
must speak of the one the user worked on, name it, and refuse to export while nothing is scored.
And a county's unspent money is explained from its applications, not guessed."""

from datetime import date
from itertools import pairwise

import pytest
from django.core.management import call_command
from django.urls import reverse

from guifan.accounts.models import User
from guifan.evaluation.models import Evaluation
from guifan.evaluation.selectors import evaluation_for_report
from guifan.evaluation.services import evaluation_compute
from guifan.funds.models import Programme
from guifan.funds.services import funds_receive, funds_transfer, programme_start
from guifan.reports import services
from guifan.reports.builder import build
from guifan.reports.domain import check
from guifan.reports.extract import figures_of
from tests.factories import region

pytestmark = pytest.mark.django_db

NATIONAL = "项目支出绩效自评表（财预〔2020〕10号）"
TWENTY = "决策·管理·绩效（20/20/60）"


@pytest.fixture
def year_2023(capsys) -> Programme:
    """The demo, then 2023 started from 2022 through the service (both evaluations copied), with
    its 4万元 received and 2万元 of it transferred to 五华区, where nobody applied."""
    call_command("demo")
    capsys.readouterr()
    city = User.objects.get(username="city")
    programme = programme_start(
        by=city,
        year=2023,
        previous=Programme.objects.get(year=2022),
        data={
            "name": "2023年度盲人保健按摩机构规范化建设量化分级评定",
            "implementing_unit": "昆明市残疾人综合服务中心",
            "notice_number": "昆残〔2023〕1号",
            "subsidy_standard": 2_000_000,
            "annual_target": 2,
            "execution_start": date(2023, 4, 1),
            "execution_end": date(2023, 8, 31),
        },
        counties=[region("五华区"), region("盘龙区")],
        source_document="昆财社〔2023〕1号",
        source_budget=4_000_000,
    )
    source = programme.sources.get()
    funds_receive(by=city, source_id=source.pk, on=date(2023, 5, 10), amount=4_000_000)
    funds_transfer(
        by=city,
        source_id=source.pk,
        county=region("五华区"),
        on=date(2023, 5, 20),
        amount=2_000_000,
        document="昆残〔2023〕5号",
    )
    return programme


def evaluation(programme, name) -> Evaluation:
    return Evaluation.objects.get(programme=programme, template__contains=name)


def test_the_report_uses_the_evaluation_the_user_computed_not_the_newest(year_2023):
    computed = evaluation(year_2023, TWENTY)  # copied first, so not the newest
    assert computed.pk < evaluation(year_2023, NATIONAL).pk
    assert evaluation_compute(by=User.objects.get(username="city"), evaluation=computed) > 0
    assert evaluation_for_report(year_2023) == computed
    text = build(year_2023, with_chart=False).text()
    assert "项目决策" in text  # the 20/20/60 tree's first-level indicators are the ones analysed
    assert "预算执行率（满分" not in text


def test_a_signed_off_evaluation_wins_over_a_more_scored_one(year_2023):
    city = User.objects.get(username="city")
    scored, signed = evaluation(year_2023, TWENTY), evaluation(year_2023, NATIONAL)
    evaluation_compute(by=city, evaluation=scored)
    Evaluation.objects.filter(pk=signed.pk).update(signed_off_at="2023-12-20T10:00:00+08:00")
    assert evaluation_for_report(year_2023) == signed


def test_a_year_without_evaluations_has_none_for_the_report(year_2023):
    Evaluation.objects.filter(programme=year_2023).delete()
    assert evaluation_for_report(year_2023) is None


def test_the_report_page_names_its_evaluation_and_links_to_it_until_signed_off(client, year_2023):
    chosen = evaluation(year_2023, TWENTY)
    evaluation_compute(by=User.objects.get(username="city"), evaluation=chosen)
    client.force_login(User.objects.get(username="city"))
    page = client.get(reverse("reports:report", args=[2023])).content.decode()
    assert f"本报告采用绩效自评“{chosen.template}”" in page
    assert f"绩效自评尚未确认：本报告采用的绩效自评“{chosen.template}”" in page
    assert f'href="{reverse("evaluation:detail", args=[chosen.pk])}"' in page
    assert "绩效自评尚未评分" not in page


def test_an_evaluation_with_nothing_scored_blocks_the_export(client, year_2023):
    client.force_login(User.objects.get(username="city"))
    page = client.get(reverse("reports:report", args=[2023])).content.decode()
    assert "还不能导出：绩效自评尚未评分" in page
    assert ">生成并下载</button>" not in page
    with pytest.raises(services.ReportIncomplete, match="绩效自评尚未评分"):
        services.report_generate(by=User.objects.get(username="city"), programme=year_2023, fmt="docx")


def test_a_county_that_never_applied_is_not_said_to_have_an_unfinished_institution(year_2023):
    text = build(year_2023, with_chart=False).text()
    assert "未完成规范化建设" not in text
    assert "五华区无机构申报，结余2万元。" in text


def test_each_county_with_a_balance_gets_the_reason_its_applications_give():
    from guifan.reports.narrative import balance_reasons

    assert balance_reasons([]) == ""
    assert balance_reasons([("五华区", "2", 0, 0), ("盘龙区", "4", 3, 2), ("官渡区", "1", 1, 0)]) == (
        "五华区无机构申报，结余2万元；盘龙区有2家机构未完成规范化建设，结余4万元；"
        "官渡区申报的机构均已完成规范化建设，结余1万元。"
    )


def paragraph_after(document, heading_start: str) -> str:
    """The text right under the h3 heading that starts with HEADING_START."""
    blocks = [b for b in document.blocks if hasattr(b, "role")]
    for here, after in pairwise(blocks):
        if here.role == "h3" and here.text.startswith(heading_start):
            return after.text if after.role == "body" else ""
    raise AssertionError(f"no heading {heading_start}")


def test_the_national_forms_analysis_texts_match_their_headings(year_2023):
    national = evaluation(year_2023, NATIONAL)
    evaluation_compute(by=User.objects.get(username="city"), evaluation=national)
    document = build(year_2023, with_chart=False)
    execution = paragraph_after(document, "1、预算执行率")
    assert "使用2023年度资金支出0万元，为2023年度预算4万元的0%" in execution
    assert "立项" not in execution
    assert "计划扶持2家机构" in paragraph_after(document, "2、产出指标")
    assert "就业" in paragraph_after(document, "3、效益指标")
    assert "满意度得分为" in paragraph_after(document, "4、满意度指标")
    assert check(figures_of(document)) == []


def test_a_first_level_indicator_no_text_is_written_for_lists_its_leaves(year_2023):
    national = evaluation(year_2023, NATIONAL)
    national.indicators.filter(parent=None, name="效益指标").update(name="社会影响")
    evaluation_compute(by=User.objects.get(username="city"), evaluation=national)
    text = paragraph_after(build(year_2023, with_chart=False), "3、社会影响")
    assert text == "“社会影响”下设2个末级指标：盲人就业稳定性（未评分）、长效监管机制（未评分）。"
