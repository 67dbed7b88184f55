"""A login made by someone else: the person signs in with the initial password and sets their own."""

import pytest
from django.urls import reverse

from guifan.accounts import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def new_operator(city_admin, qingyu):
    return services.login_create(by=city_admin, username="newop", role="operator", institution=qingyu)


def sign_in(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_every_page_leads_to_the_password_page_until_it_is_changed(client, new_operator):
    sign_in(client, "newop", new_operator.password)
    for url in [reverse("home"), reverse("registry:list"), reverse("accounts:user_list")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("accounts:password_change")


def test_sign_out_and_the_password_page_stay_reachable(client, new_operator):
    sign_in(client, "newop", new_operator.password)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "设置您自己的密码" in page and 'autocomplete="new-password"' in page
    assert 'name="old_password"' not in page
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_setting_a_password_leads_home_and_the_new_one_signs_in(client, new_operator):
    sign_in(client, "newop", new_operator.password)
    response = client.post(
        reverse("accounts:password_change"),
        {"new_password1": "my-own-secret-42", "new_password2": "my-own-secret-42"},
    )
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    client.logout()
    assert sign_in(client, "newop", new_operator.password).status_code == 200
    assert sign_in(client, "newop", "my-own-secret-42").status_code == 302


def test_a_short_password_is_refused_on_the_first_field(client, new_operator):
    sign_in(client, "newop", new_operator.password)
    page = client.post(
        reverse("accounts:password_change"), {"new_password1": "short", "new_password2": "short"}
    ).content.decode()
    assert "<title>错误：" in page and 'href="#id_new_password1"' in page


def test_mismatched_passwords_are_explained(client, new_operator):
    sign_in(client, "newop", new_operator.password)
    page = client.post(
        reverse("accounts:password_change"),
        {"new_password1": "my-own-secret-42", "new_password2": "my-own-secret-43"},
    ).content.decode()
    assert "两次输入的新密码不一致" in page


def test_changing_ones_password_later_asks_for_the_current_one(client, city_admin):
    client.force_login(city_admin)
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert 'name="old_password"' in page and 'autocomplete="current-password"' in page
    wrong = client.post(
        reverse("accounts:password_change"),
        {"old_password": "nope", "new_password1": "my-own-secret-42", "new_password2": "my-own-secret-42"},
    ).content.decode()
    assert "当前密码不正确" in wrong
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "correct-horse-battery",
            "new_password1": "my-own-secret-42",
            "new_password2": "my-own-secret-42",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200  # still signed in
