"""Password rules answer in Chinese, count every message, and refuse a password like the user name."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _create(client, city_admin, **data):
    client.force_login(city_admin)
    return client.post(
        reverse("accounts:user_create"),
        {"username": "mingyuan", "role": "inspector", "county": "", "institution": "", **data},
    ).content.decode()


def test_a_short_initial_password_is_explained_in_chinese(client, city_admin):
    page = _create(client, city_admin, password="abc")
    assert "密码太短：至少需要10个字符。" in page
    assert "This password" not in page


def test_a_password_like_the_user_name_is_refused(client, city_admin):
    page = _create(client, city_admin, password="mingyuan12")
    assert "密码与用户名太相近" in page


def test_the_summary_counts_messages_not_fields(client, city_admin):
    page = _create(client, city_admin, password="1234")
    # Too short, too common and all digits: three messages on one field.
    assert "提交的内容有 3 处问题" in page
