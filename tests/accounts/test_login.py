import pytest
from django.contrib.auth.hashers import check_password, make_password
from django.urls import reverse

from guifan import settings as project_settings
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def attempt(client, username, password):
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_production_passwords_are_hashed_with_argon2(settings):
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = project_settings.PASSWORD_HASHERS
    hashed = make_password("correct-horse-battery", hasher="argon2")
    assert hashed.startswith("argon2$argon2id$")
    assert check_password("correct-horse-battery", hashed)


def test_a_user_signs_in_and_lands_on_the_home_page(client):
    UserFactory(username="panlong", role="county_officer", county_name="盘龙区")
    response = attempt(client, "panlong", "correct-horse-battery")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_wrong_password_is_explained_in_chinese_and_focusable(client):
    UserFactory(username="panlong", role="county_officer", county_name="盘龙区")
    page = attempt(client, "panlong", "wrong").content.decode()
    assert "<title>错误：登录" in page
    assert "用户名或密码不正确" in page
    assert 'role="alert"' in page


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, settings):
    UserFactory(username="panlong", role="county_officer", county_name="盘龙区")
    for _ in range(settings.GUIFAN_LOGIN_MAX_FAILURES):
        assert attempt(client, "panlong", "wrong").status_code == 200
    response = attempt(client, "panlong", "correct-horse-battery")
    assert response.status_code == 200
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_expires_after_the_window(client, settings, monkeypatch):
    from datetime import timedelta

    from guifan.accounts import services

    UserFactory(username="panlong", role="county_officer", county_name="盘龙区")
    for _ in range(settings.GUIFAN_LOGIN_MAX_FAILURES):
        attempt(client, "panlong", "wrong")
    later = services._now() + timedelta(seconds=settings.GUIFAN_LOGIN_WINDOW_SECONDS + 1)
    monkeypatch.setattr(services, "_now", lambda: later)
    assert attempt(client, "panlong", "correct-horse-battery").status_code == 302


def test_a_success_clears_earlier_failures(client, settings):
    UserFactory(username="panlong", role="county_officer", county_name="盘龙区")
    for _ in range(settings.GUIFAN_LOGIN_MAX_FAILURES - 1):
        attempt(client, "panlong", "wrong")
    assert attempt(client, "panlong", "correct-horse-battery").status_code == 302
    client.logout()
    attempt(client, "panlong", "wrong")
    assert attempt(client, "panlong", "correct-horse-battery").status_code == 302


def test_the_sign_in_page_has_no_captcha_and_no_autofocus(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert "autofocus" not in page
    assert 'for="id_username"' in page and 'for="id_password"' in page
    assert 'lang="zh-Hans"' in page


def test_logout_requires_post_and_signs_out(client):
    user = UserFactory(username="city")
    client.force_login(user)
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert "_auth_user_id" not in client.session
