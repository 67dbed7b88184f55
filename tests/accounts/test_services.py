import pytest

from guifan.accounts import services
from guifan.accounts.models import User
from guifan.audit.models import AuditEvent
from guifan.core.exceptions import ScopeViolation
from tests.factories import InstitutionFactory, region

pytestmark = pytest.mark.django_db


def events(user):
    return AuditEvent.objects.filter(object_id=str(user.pk), content_type__model="user").order_by("pk")


@pytest.mark.parametrize(
    ("role", "binding"),
    [
        ("city_admin", {}),
        ("inspector", {}),
        ("auditor", {}),
        ("county_officer", {"county": "盘龙区"}),
        ("operator", {"institution": True}),
    ],
)
def test_a_city_administrator_creates_a_login_of_each_role(city_admin, qingyu, role, binding):
    new = services.login_create(
        by=city_admin,
        username=f"new-{role}",
        role=role,
        county=region(binding["county"]) if "county" in binding else None,
        institution=qingyu if "institution" in binding else None,
    )
    user = User.objects.get(username=f"new-{role}")
    assert user.role == role and user.must_change_password
    assert user.check_password(new.password) and new.generated


def test_an_operator_without_an_institution_is_refused_and_nothing_is_written(city_admin):
    with pytest.raises(services.UserInvalid) as exc:
        services.login_create(by=city_admin, username="nobody", role="operator")
    assert exc.value.errors == {"institution": "机构用户须选择所属机构"}
    assert not User.objects.filter(username="nobody").exists()


def test_a_county_officer_without_a_county_is_refused(city_admin):
    with pytest.raises(services.UserInvalid) as exc:
        services.login_create(by=city_admin, username="nobody", role="county_officer")
    assert "county" in exc.value.errors


def test_a_user_name_is_taken_whatever_its_case(city_admin):
    with pytest.raises(services.UserInvalid) as exc:
        services.login_create(by=city_admin, username="CITY", role="auditor")
    assert exc.value.errors == {"username": "用户名“CITY”已被使用，请换一个"}


def test_a_typed_initial_password_is_kept(city_admin):
    new = services.login_create(by=city_admin, username="a2", role="auditor", password="typed-by-admin-9")
    assert new.password == "typed-by-admin-9" and not new.generated
    assert User.objects.get(username="a2").check_password("typed-by-admin-9")


def test_a_county_officer_creates_an_operator_for_their_county(panlong_officer, qingyu):
    new = services.login_create(by=panlong_officer, username="q2", role="operator", institution=qingyu)
    assert new.user.institution == qingyu


def test_a_county_officer_cannot_create_an_operator_for_another_county(panlong_officer, zhang):
    with pytest.raises(ScopeViolation):
        services.login_create(by=panlong_officer, username="z2", role="operator", institution=zhang)
    assert not User.objects.filter(username="z2").exists()


def test_a_county_officer_cannot_create_a_county_officer(panlong_officer):
    with pytest.raises(ScopeViolation):
        services.login_create(
            by=panlong_officer, username="p2", role="county_officer", county=region("盘龙区")
        )


def test_a_county_officer_cannot_reset_another_countys_operator(panlong_officer, guandu_operator):
    with pytest.raises(ScopeViolation):
        services.user_password_reset(by=panlong_officer, user_id=guandu_operator.pk)
    guandu_operator.refresh_from_db()
    assert guandu_operator.check_password("correct-horse-battery")


def test_a_reset_gives_a_new_password_the_person_must_change(city_admin, panlong_operator):
    new = services.user_password_reset(by=city_admin, user_id=panlong_operator.pk)
    panlong_operator.refresh_from_db()
    assert panlong_operator.check_password(new.password)
    assert not panlong_operator.check_password("correct-horse-battery")
    assert panlong_operator.must_change_password


def test_a_county_officer_resets_their_countys_operator(panlong_officer, panlong_operator):
    new = services.user_password_reset(by=panlong_officer, user_id=panlong_operator.pk)
    panlong_operator.refresh_from_db()
    assert panlong_operator.check_password(new.password)


def test_deactivating_and_reactivating_are_audited(city_admin, panlong_operator):
    services.user_deactivate(by=city_admin, user_id=panlong_operator.pk)
    panlong_operator.refresh_from_db()
    assert not panlong_operator.is_active
    services.user_reactivate(by=city_admin, user_id=panlong_operator.pk)
    assert [e.changes for e in events(panlong_operator)] == [
        {"is_active": [True, False]},
        {"is_active": [False, True]},
    ]


def test_an_administrator_cannot_deactivate_themselves(city_admin):
    with pytest.raises(services.UserInvalid):
        services.user_deactivate(by=city_admin, user_id=city_admin.pk)
    city_admin.refresh_from_db()
    assert city_admin.is_active


def test_an_administrator_cannot_change_their_own_role(city_admin):
    with pytest.raises(services.UserInvalid) as exc:
        services.user_update(by=city_admin, user_id=city_admin.pk, data={"role": "auditor"})
    assert "role" in exc.value.errors


def test_the_creation_is_audited_without_the_password(city_admin, qingyu):
    new = services.login_create(by=city_admin, username="q3", role="operator", institution=qingyu)
    (event,) = events(new.user)
    assert event.actor == city_admin
    assert event.changes["role"] == [None, "operator"]
    assert event.changes["institution_id"] == [None, qingyu.pk]
    assert new.password not in str(event.changes) and "password" not in event.changes


def test_a_reset_is_audited_without_the_value(city_admin, panlong_operator):
    new = services.user_password_reset(by=city_admin, user_id=panlong_operator.pk)
    (event,) = events(panlong_operator)
    assert event.note == "重置密码" and "password" in event.changes
    panlong_operator.refresh_from_db()
    assert new.password not in str(event.changes)
    assert panlong_operator.password not in str(event.changes)


def test_changing_the_binding_is_audited(city_admin, panlong_operator, qingyu):
    other = InstitutionFactory(county_name="盘龙区")
    services.user_update(by=city_admin, user_id=panlong_operator.pk, data={"institution": other})
    (event,) = events(panlong_operator)
    assert event.changes == {"institution_id": [qingyu.pk, other.pk]}


def test_a_county_officer_cannot_move_an_operator_to_another_county(panlong_officer, panlong_operator, zhang):
    with pytest.raises(ScopeViolation):
        services.user_update(by=panlong_officer, user_id=panlong_operator.pk, data={"institution": zhang})
    panlong_operator.refresh_from_db()
    assert panlong_operator.institution.county.name == "盘龙区"


def test_changing_ones_own_password_clears_the_flag_and_is_audited(city_admin, panlong_operator):
    new = services.user_password_reset(by=city_admin, user_id=panlong_operator.pk)
    services.password_change_own(by=panlong_operator, password="my-own-secret-42")
    panlong_operator.refresh_from_db()
    assert panlong_operator.check_password("my-own-secret-42")
    assert not panlong_operator.must_change_password
    last = events(panlong_operator).last()
    assert last.actor == panlong_operator and "my-own-secret-42" not in str(last.changes)
    assert new.password not in str(last.changes)


def test_the_demo_keeps_its_passwords_unchanged_at_first_sign_in(city_admin):
    user = services.user_create(by=city_admin, username="demo-x", password="guifan-demo-2022", role="auditor")
    assert not user.must_change_password
