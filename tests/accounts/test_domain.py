"""The role rules of logins, without a database."""

import random

from guifan.accounts import domain


def test_a_county_officer_needs_a_county():
    assert domain.binding_errors("county_officer", has_county=False, has_institution=False) == {
        "county": "县区经办须选择所属县区"
    }


def test_an_operator_needs_an_institution():
    errors = domain.binding_errors("operator", has_county=False, has_institution=False)
    assert errors == {"institution": "机构用户须选择所属机构"}


def test_an_inspector_is_bound_to_neither():
    errors = domain.binding_errors("inspector", has_county=True, has_institution=True)
    assert set(errors) == {"county", "institution"}
    assert errors["county"].startswith("评审专家不绑定县区")


def test_each_role_with_its_binding_fits():
    assert domain.binding_errors("county_officer", has_county=True, has_institution=False) == {}
    assert domain.binding_errors("operator", has_county=False, has_institution=True) == {}
    assert domain.binding_errors("city_admin", has_county=False, has_institution=False) == {}


def test_a_county_officer_creates_operators_only():
    assert domain.roles_creatable_by("county_officer") == {"operator"}
    assert domain.roles_creatable_by("city_admin") == {
        "city_admin",
        "county_officer",
        "inspector",
        "operator",
        "auditor",
    }
    assert domain.roles_creatable_by("auditor") == frozenset()


def test_an_initial_password_is_three_groups_of_four_unambiguous_characters():
    password = domain.initial_password(random.Random(7).choice)
    groups = password.split("-")
    assert [len(g) for g in groups] == [4, 4, 4]
    assert not set("".join(groups)) & set("01lio")


def test_initial_passwords_differ():
    assert len({domain.initial_password() for _ in range(50)}) == 50
