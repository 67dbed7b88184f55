"""A request body beyond the largest upload is refused before it is read, with a page that says why."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_oversized_upload_is_refused_with_413_before_it_is_read(client, city_admin, settings):
    settings.GUIFAN_MAX_REQUEST_BYTES = 1024 * 1024
    client.force_login(city_admin)
    body = b"x" * (2 * 1024 * 1024)
    response = client.generic(
        "POST", reverse("registry:import"), body, content_type="multipart/form-data; boundary=z"
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "文件过大" in page and "超过本系统 1 MB 的上限" in page and 'lang="zh-Hans"' in page


def test_an_upload_within_the_limit_reaches_its_form(client, city_admin, settings):
    settings.GUIFAN_MAX_REQUEST_BYTES = 1024 * 1024
    client.force_login(city_admin)
    response = client.post(reverse("registry:import"), {})
    assert response.status_code == 200
