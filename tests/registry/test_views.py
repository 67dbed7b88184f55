import importlib
import io
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from guifan.audit.models import AuditEvent
from guifan.registry.models import Institution
from tests.factories import InstitutionFactory, operator_of, run_jobs
from tests.registry.sheets import STANDARD_HEADER, standard_row, xlsx
from tests.urlnames import url_names

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_counties(db):
    return {
        "panlong": InstitutionFactory(
            name="昆明市盘龙区青玉保健按摩店", county_name="盘龙区", phone="15877945103"
        ),
        "guandu": InstitutionFactory(
            name="昆明市官渡区张学光按摩店", county_name="官渡区", phone="13888959171"
        ),
    }


def signed_in(client, user):
    client.force_login(user)
    return client


OTHER_COUNTY = "grading: test_a_county_officer_cannot_reach_another_countys_application_records"

# Every page that exists, and the test below that proves its scope. A new page must be added here.
SCOPE_PROVEN = {
    "accounts:login": "public sign-in page (tests/accounts)",
    "accounts:logout": "signs out only the requester",
    "accounts:keepalive": "extends only the requester's own session",
    "registry:list": "test_county_officer_lists_only_their_county",
    "registry:detail": "test_county_officer_cannot_open_another_countys_institution",
    "registry:edit": "test_county_officer_cannot_change_another_countys_institution",
    "registry:create": "test_county_officer_creates_only_in_their_own_county",
    "registry:import": "test_county_officer_import_of_another_county_writes_nothing",
    "registry:export": "test_export_contains_only_the_officers_county",
    "audit:list": "test_county_officer_cannot_read_the_audit_log",
    "grading:list": "grading: test_the_list_and_funnel_count_only_the_officers_county",
    "grading:new": "grading: test_an_operator_applies_only_for_their_own_institution (services)",
    "grading:detail": OTHER_COUNTY,
    "grading:act": OTHER_COUNTY,
    "grading:compare": OTHER_COUNTY,
    "grading:certificate": OTHER_COUNTY,
    "grading:certificate_docx": OTHER_COUNTY,
    "grading:inspection_start": OTHER_COUNTY,
    "grading:inspection": OTHER_COUNTY,
    "grading:rectification_new": "grading: test_only_inspectors_request_rectification…",
    "grading:rectification": OTHER_COUNTY,
    "grading:attachment": OTHER_COUNTY,
    "grading:accepted": "grading: test_the_accepted_list_is_the_seed_table_and_scoped",
    "grading:batch_new": "grading: test_publicity_council_and_batch_pages_are_the_citys",
    "grading:batch": "grading: test_publicity_council_and_batch_pages_are_the_citys",
    "grading:council": "grading: test_publicity_council_and_batch_pages_are_the_citys",
    "grading:objection": "grading: test_objection_handling_is_the_citys",
    "publicity:list": "public: no personal data (test_the_public_notice_shows_names_counties_and_grades…)",
    "publicity:batch": "public: test_the_public_notice_shows_names_counties_and_grades_but_no_personal_data",
    "surveys:list": "surveys: test_county_officers_see_their_county_and_enter_only_their_own",
    "surveys:results": "surveys: test_county_officers_see_their_county_and_enter_only_their_own",
    "surveys:results_export": "surveys: county_scope() as for results",
    "surveys:answers_export": "surveys: test_raw_answers_export_is_scoped",
    "surveys:distribution_new": "surveys: test_county_officers_see_their_county_and_enter_only_their_own",
    "surveys:paper": "surveys: test_paper_entry… (services: paper_response_enter refuses other counties)",
    "surveys:tally": "surveys: test_a_county_officer_enters_only_their_countys_tallies",
    "survey:answer": "public link: answers only to its own questionnaire",
    "survey:thanks": "public, shows nothing of anyone",
    "evaluation:list": "evaluation: test_only_the_city_and_auditors_reach_the_evaluation",
    "evaluation:detail": "evaluation: test_only_the_city_and_auditors_reach_the_evaluation",
    "evaluation:compute": "evaluation: services require the city administrator",
    "evaluation:sign_off": "evaluation: services require the city administrator",
    "evaluation:rules": "evaluation: test_only_the_city_chooses_the_rules",
    "evaluation:declaration": "evaluation: same reader check as the detail page",
    "evaluation:declaration_xlsx": "evaluation: same reader check as the detail page",
    "evaluation:self_evaluation": "evaluation: same reader check as the detail page",
    "evaluation:self_evaluation_xlsx": "evaluation: same reader check as the detail page",
    "evaluation:action_new": "evaluation: test_rectification_measures_are_tracked_until_closed",
    "evaluation:action_close": "evaluation: city administrator only (view and service)",
    "evaluation:self_evaluation_docx": "evaluation: same reader check as the detail page",
    "evaluation:declaration_docx": "evaluation: same reader check as the detail page",
    "evaluation:indicator": "evaluation: test_only_the_city_and_auditors_reach_the_evaluation",
    "funds:programmes": "funds/test_views: test_inspectors_and_operators_have_no_access_to_money",
    "funds:programme": "funds/test_views: test_a_county_officer_sees_only_their_countys_money",
    "funds:programme_new": "funds: test_a_county_officer_cannot_move_city_money_or_create_programmes",
    "funds:source_new": "funds: test_a_county_officer_cannot_move_city_money_or_create_programmes",
    "funds:entry_new": "funds: test_the_payment_form_offers_only_the_officers_accepted_institutions",
    "funds:entry_reverse": "funds/test_views: test_a_county_officer_cannot_reverse_another_countys_payment",
    "funds:ledger": "funds/test_views: test_a_county_officer_sees_only_their_countys_money",
    "funds:ledger_export": "funds/test_views: test_exports_are_scoped",
    "funds:county_table_export": "funds/test_views: test_exports_are_scoped",
    "funds:enrolments": "funds/test_views: test_the_enrolment_list_is_scoped_and_read_only",
    "reports:report": "reports/test_report: test_only_the_city_and_auditors_reach_the_report",
    "reports:narrative": "reports/test_report: test_only_the_city_and_auditors_reach_the_report",
    "reports:check": "reads only the uploaded file; test_only_the_city_and_auditors_reach_the_report",
}


# Each area's newer pages list their scope tests in tests/<app>/scope.py as SCOPE_PROVEN.
for _module in sorted(Path(__file__).parents[1].glob("*/scope.py")):
    SCOPE_PROVEN |= importlib.import_module(f"tests.{_module.parent.name}.scope").SCOPE_PROVEN


def test_every_page_has_a_scope_test():
    assert url_names() == set(SCOPE_PROVEN)


def test_county_officer_lists_only_their_county(client, panlong_officer, two_counties):
    page = signed_in(client, panlong_officer).get(reverse("registry:list")).content.decode()
    assert "昆明市盘龙区青玉保健按摩店" in page
    assert "昆明市官渡区张学光按摩店" not in page


def test_county_officer_cannot_filter_their_way_into_another_county(client, panlong_officer, two_counties):
    guandu = two_counties["guandu"].county_id
    page = signed_in(client, panlong_officer).get(reverse("registry:list"), {"county": guandu, "q": "官渡"})
    assert "昆明市官渡区张学光按摩店" not in page.content.decode()


def test_county_officer_cannot_open_another_countys_institution(client, panlong_officer, two_counties):
    response = signed_in(client, panlong_officer).get(
        reverse("registry:detail", args=[two_counties["guandu"].pk])
    )
    assert response.status_code == 404


def test_county_officer_cannot_change_another_countys_institution(client, panlong_officer, two_counties):
    target = two_counties["guandu"]
    client = signed_in(client, panlong_officer)
    assert client.get(reverse("registry:edit", args=[target.pk])).status_code == 404
    response = client.post(
        reverse("registry:edit", args=[target.pk]),
        {
            "name": "被改掉的名字",
            "responsible_person": "某人",
            "phone": "13900000000",
            "legal_form": "individual",
            "status": "open",
        },
    )
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.name == "昆明市官渡区张学光按摩店"


def test_county_officer_creates_only_in_their_own_county(client, panlong_officer, two_counties):
    guandu = two_counties["guandu"].county_id
    response = signed_in(client, panlong_officer).post(
        reverse("registry:create"),
        {
            "name": "新机构",
            "county": guandu,
            "legal_form": "individual",
            "responsible_person": "张三",
            "phone": "139 0000 0009",
            "status": "open",
        },
    )
    assert response.status_code == 302
    assert Institution.objects.get(name="新机构").county.name == "盘龙区"


@pytest.mark.django_db(transaction=True)  # the worker recycles connections between tasks
def test_county_officer_import_of_another_county_writes_nothing(client, kunming, panlong_officer):
    upload = xlsx([STANDARD_HEADER, standard_row(name="官渡新店", county="官渡区")])
    response = signed_in(client, panlong_officer).post(reverse("registry:import"), {"file": upload})
    assert response.status_code == 302
    run_jobs()
    assert "只能导入本县区（盘龙区）的机构" in client.get(response["Location"]).content.decode()
    assert not Institution.objects.filter(name="官渡新店").exists()


def test_export_contains_only_the_officers_county(client, panlong_officer, two_counties):
    response = signed_in(client, panlong_officer).get(reverse("registry:export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert names == ["昆明市盘龙区青玉保健按摩店"]


def test_county_officer_cannot_read_the_audit_log(client, panlong_officer):
    assert signed_in(client, panlong_officer).get(reverse("audit:list")).status_code == 403


def test_operator_sees_only_their_own_institution(client, two_counties):
    own = two_counties["panlong"]
    neighbour = InstitutionFactory(name="同县另一家", county_name="盘龙区")
    client = signed_in(client, operator_of(own))
    assert client.get(reverse("registry:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("registry:detail", args=[neighbour.pk])).status_code == 404
    assert client.get(reverse("registry:edit", args=[neighbour.pk])).status_code == 404
    assert "同县另一家" not in client.get(reverse("registry:list")).content.decode()


def test_operator_updates_contact_details_but_not_the_name(client, two_counties):
    own = two_counties["panlong"]
    response = signed_in(client, operator_of(own)).post(
        reverse("registry:edit", args=[own.pk]),
        {"name": "改名", "responsible_person": "王青玉", "phone": "0871-63123456", "address": "新地址"},
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.name, own.phone, own.address) == ("昆明市盘龙区青玉保健按摩店", "0871-63123456", "新地址")


def test_auditor_reads_everything_and_changes_nothing(client, auditor, two_counties):
    client = signed_in(client, auditor)
    assert "昆明市官渡区张学光按摩店" in client.get(reverse("registry:list")).content.decode()
    assert client.get(reverse("registry:edit", args=[two_counties["guandu"].pk])).status_code == 403
    assert client.get(reverse("registry:create")).status_code == 403
    assert client.get(reverse("registry:import")).status_code == 403
    assert client.get(reverse("audit:list")).status_code == 200


@pytest.mark.parametrize("role_fixture", ["auditor", "inspector"])
def test_roles_without_the_personal_data_right_see_masked_phones(request, client, role_fixture, two_counties):
    client = signed_in(client, request.getfixturevalue(role_fixture))
    listing = client.get(reverse("registry:list")).content.decode()
    detail = client.get(reverse("registry:detail", args=[two_counties["panlong"].pk])).content.decode()
    for page in (listing, detail):
        assert "158****5103" in page
        assert "15877945103" not in page and "158 7794 5103" not in page
    export = load_workbook(io.BytesIO(client.get(reverse("registry:export")).content)).active
    phones = {row[6] for row in export.iter_rows(min_row=3, values_only=True)}
    assert phones == {"158****5103", "138****9171"}


def test_county_officer_sees_the_full_number_grouped_for_screen_readers(
    client, panlong_officer, two_counties
):
    page = signed_in(client, panlong_officer).get(reverse("registry:list")).content.decode()
    assert "158 7794 5103" in page


def test_anonymous_visitors_are_sent_to_sign_in(client, two_counties):
    response = client.get(reverse("registry:detail", args=[two_counties["panlong"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_list_page_query_count_does_not_grow_with_rows(client, city_admin):
    client = signed_in(client, city_admin)
    InstitutionFactory.create_batch(3)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("registry:list")).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    InstitutionFactory.create_batch(40, county_name="官渡区")
    assert queries() == few


def test_detail_page_query_count_does_not_grow_with_history(client, city_admin, two_counties):
    from guifan.registry.services import institution_update

    client = signed_in(client, city_admin)
    target = two_counties["panlong"]
    institution_update(by=city_admin, institution_id=target.pk, data={"address": "一号"})

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("registry:detail", args=[target.pk]))
        return len(ctx.captured_queries)

    few = queries()
    for n in range(10):
        institution_update(by=city_admin, institution_id=target.pk, data={"address": f"{n}号"})
    assert queries() == few


def test_a_form_with_errors_keeps_values_and_names_each_field(client, city_admin):
    response = signed_in(client, city_admin).post(
        reverse("registry:create"),
        {
            "name": "",
            "county": "",
            "legal_form": "individual",
            "responsible_person": "张三",
            "phone": "12345",
            "status": "open",
            "staff_count": "三",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>错误：" in page
    assert 'href="#id_name">机构名称：请填写机构名称</a>' in page
    assert 'href="#id_county">所属县区：请选择所属县区</a>' in page
    assert "电话格式不正确" in page
    assert "从业人员数应为整数" in page
    assert 'value="张三"' in page and 'value="12345"' in page
    assert 'aria-describedby="id_phone_helptext id_phone_error"' in page
    assert not Institution.objects.exists()
    assert not AuditEvent.objects.exists()
