import re

import pytest
from django.urls import reverse

from guifan.accounts.models import User
from tests.factories import InstitutionFactory, UserFactory, region

from .conftest import signed_in

pytestmark = pytest.mark.django_db


def create(client, **data):
    return client.post(reverse("accounts:user_create"), data)


def shown_password(response) -> str:
    return re.search(r'id="initial-password"[^>]*>([^<]+)<', response.content.decode()).group(1)


def test_a_city_administrator_creates_an_operator_and_sees_the_password_once(client, city_admin, qingyu):
    signed_in(client, city_admin)
    response = create(client, username="newop", full_name="李四", role="operator", institution=qingyu.pk)
    user = User.objects.get(username="newop")
    assert response["Location"] == reverse("accounts:user_password", args=[user.pk])
    page = client.get(response["Location"])
    assert user.check_password(shown_password(page))
    assert "no-store" in page["Cache-Control"]
    again = client.get(response["Location"]).content.decode()
    assert 'id="initial-password"' not in again and "已经显示过" in again


def test_the_operator_without_an_institution_sees_which_field_is_missing(client, city_admin):
    signed_in(client, city_admin)
    page = create(client, username="newop", role="operator").content.decode()
    assert "<title>错误：" in page
    assert 'href="#id_institution"' in page and "机构用户须选择所属机构" in page
    assert not User.objects.filter(username="newop").exists()


def test_the_create_form_shows_every_field_with_role_hints(client, city_admin):
    page = signed_in(client, city_admin).get(reverse("accounts:user_create")).content.decode()
    for label in [
        "用户名",
        "姓名（选填）",
        "<legend",
        "所属县区（县区经办必填）",
        "所属机构（机构用户必填）",
        "初始密码（选填）",
    ]:
        assert label in page


def test_institutions_are_grouped_by_county(client, city_admin, qingyu, zhang):
    page = signed_in(client, city_admin).get(reverse("accounts:user_create")).content.decode()
    assert '<optgroup label="盘龙区">' in page and '<optgroup label="官渡区">' in page


def test_a_typed_initial_password_is_checked_by_the_validators(client, city_admin):
    signed_in(client, city_admin)
    page = create(client, username="aud2", role="auditor", password="12345").content.decode()
    assert "初始密码" in page and not User.objects.filter(username="aud2").exists()


def test_a_county_officer_is_offered_only_their_countys_institutions(client, panlong_officer, qingyu, zhang):
    page = signed_in(client, panlong_officer).get(reverse("accounts:user_create")).content.decode()
    assert qingyu.name in page and zhang.name not in page
    assert 'name="role"' not in page and 'name="county"' not in page


def test_a_county_officer_creates_an_operator_login(client, panlong_officer, qingyu):
    signed_in(client, panlong_officer)
    response = create(client, username="q9", institution=qingyu.pk)
    assert response.status_code == 302
    assert User.objects.get(username="q9").role == "operator"


def test_a_county_officer_cannot_create_an_operator_for_another_county(client, panlong_officer, zhang):
    signed_in(client, panlong_officer)
    page = create(client, username="z9", institution=zhang.pk).content.decode()
    assert "所选机构不在您可管理的机构中" in page and not User.objects.filter(username="z9").exists()


def test_a_county_officer_cannot_create_a_county_officer(client, panlong_officer):
    signed_in(client, panlong_officer)
    create(client, username="p9", role="county_officer", county=region("盘龙区").pk)
    assert not User.objects.filter(role="county_officer", username="p9").exists()


def test_a_panlong_officer_cannot_reach_a_guandu_operator(client, panlong_officer, guandu_operator):
    signed_in(client, panlong_officer)
    pk = guandu_operator.pk
    for name in ["user_detail", "user_edit", "user_password"]:
        assert client.get(reverse(f"accounts:{name}", args=[pk])).status_code == 404, name
    for name in ["user_deactivate", "user_reactivate", "user_password_reset"]:
        assert client.post(reverse(f"accounts:{name}", args=[pk])).status_code == 404, name
    guandu_operator.refresh_from_db()
    assert guandu_operator.is_active and guandu_operator.check_password("correct-horse-battery")


def test_a_county_officer_cannot_open_a_city_login(client, panlong_officer, city_admin):
    signed_in(client, panlong_officer)
    assert client.get(reverse("accounts:user_detail", args=[city_admin.pk])).status_code == 404


def test_the_county_officers_list_holds_only_their_countys_operators(
    client, panlong_officer, panlong_operator, guandu_operator, city_admin
):
    page = signed_in(client, panlong_officer).get(reverse("accounts:user_list")).content.decode()
    assert "qingyu" in page and "zhang" not in page and ">city<" not in page


@pytest.mark.parametrize("role", ["inspector", "auditor", "operator"])
def test_other_roles_cannot_manage_users(client, role, qingyu):
    user = UserFactory(username=f"x-{role}", role=role, institution=qingyu if role == "operator" else None)
    signed_in(client, user)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:user_create")).status_code == 403


def test_the_list_filters_by_role_and_county(client, city_admin, panlong_officer, guandu_officer):
    signed_in(client, city_admin)
    page = client.get(
        reverse("accounts:user_list"), {"role": "county_officer", "county": region("官渡区").pk}
    )
    text = page.content.decode()
    assert ">guandu<" in text and ">panlong<" not in text and ">city<" not in text


def test_the_list_searches_by_name(client, city_admin, panlong_operator, guandu_operator):
    text = signed_in(client, city_admin).get(reverse("accounts:user_list"), {"q": "张学光"}).content.decode()
    assert ">zhang<" in text and ">qingyu<" not in text


def test_the_list_takes_the_same_number_of_queries_whatever_its_length(
    client, city_admin, django_assert_max_num_queries
):
    signed_in(client, city_admin)
    for n in range(30):
        UserFactory(username=f"op{n}", role="operator", institution=InstitutionFactory())
    # 9 on PostgreSQL (its sessions are in the database), one of them the header's unread count.
    with django_assert_max_num_queries(9):
        assert client.get(reverse("accounts:user_list")).status_code == 200


def test_the_list_paginates(client, city_admin):
    signed_in(client, city_admin)
    for n in range(55):
        UserFactory(username=f"aud{n:02d}", role="auditor")
    page = client.get(reverse("accounts:user_list")).content.decode()
    assert "第 1 页，共 2 页" in page and 'href="?page=2"' in page


def test_editing_changes_the_binding(client, city_admin, panlong_operator):
    other = InstitutionFactory(county_name="官渡区")
    signed_in(client, city_admin)
    response = client.post(
        reverse("accounts:user_edit", args=[panlong_operator.pk]),
        {"full_name": "新姓名", "role": "operator", "institution": other.pk},
    )
    assert response.status_code == 302
    panlong_operator.refresh_from_db()
    assert panlong_operator.institution == other and panlong_operator.full_name == "新姓名"


def test_making_an_operator_a_county_officer_needs_a_county_and_no_institution(
    client, city_admin, panlong_operator, qingyu
):
    signed_in(client, city_admin)
    page = client.post(
        reverse("accounts:user_edit", args=[panlong_operator.pk]),
        {"role": "county_officer", "institution": qingyu.pk},
    ).content.decode()
    assert "县区经办须选择所属县区" in page and "县区经办不绑定机构" in page
    panlong_operator.refresh_from_db()
    assert panlong_operator.role == "operator"


def test_a_deactivated_user_is_told_the_account_is_disabled(client, city_admin, panlong_operator):
    signed_in(client, city_admin).post(reverse("accounts:user_deactivate", args=[panlong_operator.pk]))
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": "qingyu", "password": "correct-horse-battery"}
    )
    assert "该账户已停用" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_deactivated_users_open_session_ends(client, panlong_operator):
    signed_in(client, panlong_operator)
    User.objects.filter(pk=panlong_operator.pk).update(is_active=False)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_detail_page_offers_reset_and_deactivate_but_not_for_oneself(
    client, city_admin, panlong_operator
):
    signed_in(client, city_admin)
    page = client.get(reverse("accounts:user_detail", args=[panlong_operator.pk])).content.decode()
    assert "重置密码" in page and "停用账户" in page
    own = client.get(reverse("accounts:user_detail", args=[city_admin.pk])).content.decode()
    assert "停用账户" not in own and "重置密码</button>" not in own


def test_a_reset_shows_the_new_password_once(client, panlong_officer, panlong_operator):
    signed_in(client, panlong_officer)
    response = client.post(reverse("accounts:user_password_reset", args=[panlong_operator.pk]))
    page = client.get(response["Location"])
    assert "已重置密码" in page.content.decode()
    panlong_operator.refresh_from_db()
    assert panlong_operator.check_password(shown_password(page)) and panlong_operator.must_change_password
