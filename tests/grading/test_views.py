import io
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document

from guifan.accounts.models import User
from guifan.grading.constants import State
from guifan.grading.models import Application, Inspection, Objection, PublicityBatch, Rectification
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(capsys):
    call_command("demo")
    capsys.readouterr()


def as_user(client, username):
    client.force_login(User.objects.get(username=username))
    return client


def guandu_application():
    return Application.objects.get(institution__name="昆明市官渡区张学光按摩店")


def test_a_county_officer_cannot_reach_another_countys_application_records(client, demo):
    application = guandu_application()
    inspection = application.inspections.first()
    rectification = application.rectifications.first()
    attachment = application.attachments.first()
    client = as_user(client, "panlong")
    for url in [
        reverse("grading:detail", args=[application.pk]),
        reverse("grading:compare", args=[application.pk]),
        reverse("grading:certificate", args=[application.pk]),
        reverse("grading:certificate_docx", args=[application.pk]),
        reverse("grading:inspection", args=[inspection.pk]),
        reverse("grading:rectification", args=[rectification.pk]),
        reverse("grading:attachment", args=[attachment.pk]),
    ]:
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("grading:act", args=[application.pk]), {"action": "withdraw", "comment": "x"}
    )
    assert response.status_code == 404
    assert (
        client.post(reverse("grading:inspection_start", args=[application.pk, "county"])).status_code == 404
    )


def test_the_list_and_funnel_count_only_the_officers_county(client, demo):
    page = as_user(client, "guandu").get(reverse("grading:list")).content.decode()
    assert "昆明市官渡区张学光按摩店" in page and "昆明市盘龙区青玉保健按摩店" not in page
    assert "共 4 份申请" in page


def test_an_operator_sees_their_own_applications_with_the_next_step(client, demo):
    page = as_user(client, "qingyu").get(reverse("grading:list")).content.decode()
    own = Application.objects.get(institution__name="昆明市盘龙区青玉保健按摩店")
    assert reverse("grading:detail", args=[own.pk]) in page
    assert "补助已拨付" in page and "下一步" in page
    assert "昆明市官渡区张学光按摩店" not in page


def test_only_inspectors_request_rectification_and_only_institutions_respond(client, demo):
    application = guandu_application()
    inspection = application.inspections.filter(kind="city").first()
    rectification = application.rectifications.first()
    assert (
        as_user(client, "guandu").get(reverse("grading:rectification_new", args=[inspection.pk])).status_code
        == 403
    )
    assert (
        as_user(client, "expert").get(reverse("grading:rectification", args=[rectification.pk])).status_code
        == 403
    )


def test_publicity_council_and_batch_pages_are_the_citys(client, demo):
    batch = PublicityBatch.objects.get()
    client = as_user(client, "panlong")
    for url in [
        reverse("grading:batch", args=[batch.pk]),
        reverse("grading:council", args=[batch.pk]),
        reverse("grading:batch_new", args=[2022]),
    ]:
        assert client.get(url).status_code == 403


def test_objection_handling_is_the_citys(client, demo, settings):
    batch = PublicityBatch.objects.get()
    objection = Objection.objects.create(batch=batch, application=batch.applications.first(), content="测试")
    assert (
        as_user(client, "auditor").get(reverse("grading:objection", args=[objection.pk])).status_code == 403
    )


def test_the_public_notice_shows_names_counties_and_grades_but_no_personal_data(client, demo):
    batch = PublicityBatch.objects.get()
    page = client.get(reverse("publicity:batch", args=[batch.pk])).content.decode()
    assert "昆明市官渡区菊梅保健服务部" in page and "二级" in page
    listed = [a.institution for a in batch.applications.select_related("institution")]
    without_names = page
    for institution in listed:
        without_names = without_names.replace(institution.name, "")
    for institution in listed:
        assert institution.phone not in page and institution.phone[:3] + " " not in page
        assert institution.responsible_person not in without_names  # some shops are named after them
    assert f"公示期已于{batch.ends_on:%Y年%-m月%-d日}结束，本页不再受理异议。" in page


def test_the_public_can_object_during_the_period_without_signing_in(client, demo):
    batch = PublicityBatch.objects.get()
    today = timezone.localdate()
    PublicityBatch.objects.filter(pk=batch.pk).update(
        starts_on=today - timedelta(days=1), ends_on=today + timedelta(days=3)
    )
    application = batch.applications.first()
    Application.objects.filter(pk=application.pk).update(state=State.PUBLICITY)
    response = client.post(
        reverse("publicity:batch", args=[batch.pk]), {"application": application.pk, "content": ""}
    )
    assert "<title>错误：" in response.content.decode() and "请填写异议内容" in response.content.decode()
    response = client.post(
        reverse("publicity:batch", args=[batch.pk]),
        {"application": application.pk, "content": "该店实际无消毒设施", "name": "", "contact": ""},
    )
    assert response.status_code == 302
    assert Objection.objects.get().content == "该店实际无消毒设施"
    assert Application.objects.get(pk=application.pk).state == State.OBJECTION


def test_the_certificate_comes_as_a_page_and_a_word_document(client, demo):
    application = Application.objects.get(institution__name="昆明市官渡区菊梅保健服务部")
    client = as_user(client, "guandu")
    assert "二级" in client.get(reverse("grading:certificate", args=[application.pk])).content.decode()
    document = Document(
        io.BytesIO(client.get(reverse("grading:certificate_docx", args=[application.pk])).content)
    )
    text = "\n".join(p.text for p in document.paragraphs)
    assert "昆明市官渡区菊梅保健服务部" in text and "二级" in text and "昆残理〔2022〕演示1号" in text


def test_an_operator_applies_then_submits_with_the_keyboard_free_form(client, demo):
    institution = InstitutionFactory(name="新申报按摩店", county_name="盘龙区")
    operator = User.objects.create(username="newop", role="operator", institution=institution)
    client.force_login(operator)
    response = client.post(reverse("grading:new"), {"institution": institution.pk, "statement": "愿意参加"})
    application = Application.objects.get(institution=institution)
    assert response["Location"] == reverse("grading:detail", args=[application.pk])
    client.post(
        reverse("grading:act", args=[application.pk]), {"action": "submit", "expected_state": "draft"}
    )
    assert Application.objects.get(pk=application.pk).state == State.SUBMITTED


def test_scoring_errors_are_shown_per_item_and_nothing_is_saved(client, demo):
    application = Application.objects.get(institution__name="昆明市东川区明心盲人按摩店")
    client = as_user(client, "dongchuan")
    client.post(reverse("grading:inspection_start", args=[application.pk, "county"]))
    inspection = Inspection.objects.get(application=application)
    item = application.standard.items.get(code="1.2")
    response = client.post(
        reverse("grading:inspection", args=[inspection.pk]), {f"points_{item.pk}": "7", "complete": "no"}
    )
    page = response.content.decode()
    assert "得分不能超过本项满分5.0" in page and f'href="#id_points_{item.pk}"' in page
    assert not inspection.scores.exists()


def test_funnel_and_list_queries_do_not_grow_with_applications(client, demo):
    client = as_user(client, "city")

    def queries() -> int:
        caches["computed"].clear()  # the rows below are written past the services: count it all again
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("grading:list")).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    from guifan.funds.models import Enrolment, Programme

    programme = Programme.objects.get(year=2022)
    standard = Application.objects.first().standard
    for _ in range(15):
        institution = InstitutionFactory(county_name="五华区")
        enrolment = Enrolment.objects.create(programme=programme, institution=institution)
        Application.objects.create(
            enrolment=enrolment,
            programme=programme,
            institution=institution,
            county=institution.county,
            standard=standard,
            state=State.SUBMITTED,
        )
    assert queries() == few


def test_rectification_records_exist_for_the_demo(demo):
    assert Rectification.objects.count() == 2


SEED_TABLE = {"五华区": 2, "盘龙区": 3, "西山区": 2, "官渡区": 4, "富民县": 1}


def test_the_accepted_list_is_the_seed_table_and_scoped(client, demo):
    page = as_user(client, "auditor").get(reverse("grading:accepted", args=[2022])).content.decode()
    assert f"机构名单和补助经费（{sum(SEED_TABLE.values())}家，24万元）" in page
    for county, n in SEED_TABLE.items():
        assert f'rowspan="{n}">{n}家</td><td class="num" rowspan="{n}">{n * 2}万元' in page, county
    assert "138****0010" in page  # masked for the auditor
    assert "13800000010" not in page
    page = as_user(client, "panlong").get(reverse("grading:accepted", args=[2022])).content.decode()
    assert "（3家，6万元）" in page and "官渡区" not in page


def test_the_summary_counts_applications_by_state_and_lists_the_grades(demo, capsys):
    import json

    call_command("programme_summary", "2022")
    summary = json.loads(capsys.readouterr().out)
    assert summary["applications"]["by_state"] == {"construction": 1, "paid": 12}
    assert summary["applications"]["by_county"]["官渡区"] == {"paid": 4}
    grades = {a["institution"]: a["grade"] for a in summary["approved_institutions"]}
    assert len(grades) == 12 and grades["昆明市官渡区菊梅保健服务部"] == "二级"
