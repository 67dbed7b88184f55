"""What the 2023 year needs from the grading pages, on the 2022 demo: applying without typing a URL,
a timeline in the year's order, materials grouped by step, the rectification steps in reading order,
objection references, publicity with nothing to publish, and truthful inspection labels."""

import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from guifan.accounts.models import User
from guifan.funds.models import LedgerEntry
from guifan.grading.constants import Action, InspectionKind, State
from guifan.grading.models import Application, Objection, PublicityBatch
from tests.factories import InstitutionFactory, fresh_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    call_command("demo")
    capsys.readouterr()


def as_user(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def year_2023():
    return fresh_year(counties=("盘龙区", "五华区"), annual_target=8)


def test_the_operator_applies_for_the_open_year_from_their_list(client, demo):
    page = as_user(client, "qingyu").get(reverse("grading:list")).content.decode()
    assert "<h1>我的申请</h1>" in page and "2022年度申请" in page and "申请参加" not in page
    year_2023()
    page = client.get(reverse("grading:list")).content.decode()
    link = re.search(r'<a class="button" href="([^"]+)">申请参加2023年度</a>', page)
    assert link, page
    response = client.get(link.group(1).replace("&amp;", "&"))
    assert "申报2023年度规范化建设" in response.content.decode()
    own = User.objects.get(username="qingyu").institution
    client.post(link.group(1), {"institution": own.pk, "statement": "继续参加"})
    assert Application.objects.filter(programme__year=2023, institution=own).exists()
    assert "申请参加2023年度" not in client.get(reverse("grading:list")).content.decode()


def test_an_operator_outside_the_task_counties_is_told_why(client, demo):
    year_2023()
    institution = InstitutionFactory(county_name="官渡区")
    User.objects.create(username="gd_new", role="operator", institution=institution)
    page = as_user(client, "gd_new").get(reverse("grading:list")).content.decode()
    assert "申请参加" not in page and "不是本年度的任务县区" in page


def test_the_county_officer_starts_an_application_for_their_county_from_the_list(client, demo):
    year_2023()
    institution = InstitutionFactory(name="盘龙新店", county_name="盘龙区")
    InstitutionFactory(name="五华新店", county_name="五华区")
    page = as_user(client, "panlong").get(reverse("grading:list")).content.decode()
    assert "为本县区机构申请参加2023年度" in page
    form = client.get(f"{reverse('grading:new')}?year=2023").content.decode()
    assert "盘龙新店" in form and "五华新店" not in form
    client.post(f"{reverse('grading:new')}?year=2023", {"institution": institution.pk})
    assert Application.objects.get(institution=institution).programme.year == 2023


def test_a_closed_year_sends_the_applicant_back_with_a_message(client, demo):
    year_2023()
    response = as_user(client, "panlong").get(f"{reverse('grading:new')}?year=2022")
    assert response.status_code == 302
    assert "现在可以申请的是2023年度" in client.get(response["Location"]).content.decode()


def test_the_demo_timeline_is_in_the_years_order_and_matches_inspection_and_council_dates(client, demo):
    for application in Application.objects.exclude(state=State.CONSTRUCTION).select_related("decision"):
        steps = list(application.transitions.order_by("id"))
        days = [t.on for t in steps]
        assert days == sorted(days), application
        assert all(d.year == 2022 for d in days)
        by_action = {t.action: t.on for t in steps}
        inspections = {i.kind: i.on for i in application.inspections.all()}
        assert by_action[Action.FINISH_SELF_INSPECTION] == inspections[InspectionKind.COUNTY]
        assert by_action[Action.START_CITY_INSPECTION] == inspections[InspectionKind.CITY]
        assert by_action[Action.ACCEPT] == inspections.get(
            InspectionKind.REINSPECTION, inspections[InspectionKind.CITY]
        )
        assert by_action[Action.PUBLISH] == application.batch.starts_on
        assert by_action[Action.COUNCIL_APPROVE] == application.decision.meeting_date
        payment = LedgerEntry.objects.get(enrolment=application.enrolment, kind="payment")
        assert by_action[Action.MARK_PAID] == payment.date
    application = Application.objects.get(institution__name="昆明市官渡区张学光按摩店")
    page = as_user(client, "city").get(reverse("grading:detail", args=[application.pk])).content.decode()
    timeline = page[page.index('<ol class="timeline">') :]
    assert (
        "2022年7月25日" in timeline
        and str(timezone.localdate().year) + "年" not in timeline.split("</ol>")[0]
    )


def test_materials_are_grouped_by_step_with_each_file_once(client, demo):
    application = Application.objects.get(institution__name="昆明市官渡区张学光按摩店")
    page = as_user(client, "city").get(reverse("grading:detail", args=[application.pk])).content.decode()
    materials = page[page.index("<h2>材料</h2>") :]
    headings = re.findall(r"<h3>([^<]+)</h3>", materials)
    n = application.standard.items.filter(evidence_required=True).count()  # 7 in the example standard
    assert headings == [
        f"县区自检（2022年7月5日）佐证材料（{n}份）",
        f"市级检查验收（2022年7月12日）佐证材料（{n}份）",
        "复查（2022年7月25日）佐证材料（1份）",
        "整改佐证材料（1份）",
    ]
    names = re.findall(r'<a href="/applications/attachments/\d+/">([^<]+)</a>', materials)
    assert len(names) == len(set(names)) == application.attachments.count() == 2 * n + 2
    assert "1.1 营业执照：" in materials


def test_rectification_items_come_before_the_final_submit(client, demo):
    application = Application.objects.get(institution__name="昆明市官渡区张学光按摩店")
    rectification = application.rectifications.get()
    Application.objects.filter(pk=application.pk).update(state=State.RECTIFICATION)
    application.rectifications.update(closed=False)
    page = as_user(client, "guandu").get(reverse("grading:detail", args=[application.pk])).content.decode()
    item_link = page.index(reverse("grading:rectification", args=[rectification.pk]))
    submit = page.index('value="submit_rectification"')
    assert item_link < submit


def test_an_objector_gets_a_reference_and_can_follow_it_up(client, demo):
    batch = PublicityBatch.objects.get()
    today = timezone.localdate()
    PublicityBatch.objects.filter(pk=batch.pk).update(
        starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=3)
    )
    application = batch.applications.first()
    Application.objects.filter(pk=application.pk).update(state=State.PUBLICITY)
    response = client.post(
        reverse("publicity:batch", args=[batch.pk]),
        {
            "application": application.pk,
            "content": "该店无消毒设施",
            "name": "张三",
            "contact": "13900001111",
        },
    )
    page = client.get(response["Location"]).content.decode()
    reference = Objection.objects.get().reference
    assert re.fullmatch(r"2022-0001-[A-HJKMNP-Z2-9]{4}", reference)
    assert f"已收到您的异议，异议编号 {reference}" in page and "正在核实处理" in page
    second = client.post(
        reverse("publicity:batch", args=[batch.pk]), {"application": application.pk, "content": "补充"}
    )
    following = Objection.objects.exclude(reference=reference).get().reference
    assert following.startswith("2022-0002-")
    assert second["Location"] == reverse("publicity:objection", args=[following]) + "?new=1"


def test_the_objection_page_shows_status_and_outcome_but_no_personal_data(client, demo):
    from guifan.grading import services

    batch = PublicityBatch.objects.get()
    application = batch.applications.first()
    Application.objects.filter(pk=application.pk).update(state=State.PUBLICITY)
    objection = services.objection_file(
        batch_id=batch.pk,
        application_id=application.pk,
        content="该店无消毒设施",
        name="张三",
        contact="13900001111",
        today=batch.starts_on,
    )
    services.objection_handle(
        by=User.objects.get(username="city"),
        objection_id=objection.pk,
        upheld=False,
        outcome="dismiss",
        resolution="经核实设施齐全",
    )
    found = client.get(reverse("publicity:objection_status"), {"ref": objection.reference})
    assert found["Location"] == reverse("publicity:objection", args=[objection.reference])
    page = client.get(found["Location"]).content.decode()
    assert "已处理：异议不成立" in page and "经核实设施齐全" in page
    assert "张三" not in page and "13900001111" not in page and "该店无消毒设施" not in page
    missing = client.get(reverse("publicity:objection_status"), {"ref": "2099-0001"}).content.decode()
    assert "<title>错误：" in missing and "没有找到编号为“2099-0001”的异议" in missing


def test_with_nothing_to_publish_the_page_says_why_and_shows_no_form(client, demo):
    page = as_user(client, "city").get(reverse("grading:batch_new", args=[2022])).content.decode()
    assert "现在还没有可以公示的机构" in page and "“验收通过”" in page
    main = page.split("<main")[1].split("</main>")[0]
    assert 'class="form"' not in main and "id_applications" not in main
    assert "补助已拨付" in page  # where the year's applications are


def test_the_score_sheet_states_required_and_optional_once(client, demo):
    application = Application.objects.get(institution__name="昆明市东川区明心盲人按摩店")
    client = as_user(client, "dongchuan")
    client.post(reverse("grading:inspection_start", args=[application.pk, "county"]))
    inspection = application.inspections.get()
    page = client.get(reverse("grading:inspection", args=[inspection.pk])).content.decode()
    assert "（选填）（选填）" not in page and "（必传）" not in page
    assert "佐证材料（完成评分时须上传）" in page and "得分（满分5.0）</label>" in page
    assert "暂存只保存已填写的得分" in page
    item = application.standard.items.get(code="1.1")
    response = client.post(
        reverse("grading:inspection", args=[inspection.pk]), {f"points_{item.pk}": "5", "complete": "yes"}
    )
    page = response.content.decode()
    assert f'href="#id_file_{item.pk}"' in page and "请上传佐证材料" in page


def test_one_button_starts_the_city_inspection_and_opens_the_sheet(client, demo):
    application = Application.objects.get(institution__name="昆明市东川区明心盲人按摩店")
    Application.objects.filter(pk=application.pk).update(state=State.SELF_INSPECTED)
    client = as_user(client, "expert")
    page = client.get(reverse("grading:detail", args=[application.pk])).content.decode()
    assert page.count("开始市级检查验收") == 1 and "开始市级检查验收（进入评分表）" in page
    response = client.post(
        reverse("grading:act", args=[application.pk]),
        {"action": "start_city_inspection", "expected_state": "self_inspected"},
    )
    inspection = application.inspections.get(kind="city")
    assert response["Location"] == reverse("grading:inspection", args=[inspection.pk])
    assert Application.objects.get(pk=application.pk).state == State.CITY_INSPECTION


def test_the_citys_list_links_the_years_publicity_batches(client, demo):
    batch = PublicityBatch.objects.get()
    page = as_user(client, "city").get(reverse("grading:list")).content.decode()
    assert f'<a href="{reverse("grading:batch", args=[batch.pk])}">{batch.title}</a>' in page
    assert (
        reverse("grading:batch", args=[batch.pk])
        not in as_user(client, "panlong").get(reverse("grading:list")).content.decode()
    )
