"""What a signed-in user is served is not kept by the browser or a proxy (Cache-Control: private,
no-store): pages and downloads with phone numbers. Static files and anonymous pages stay cacheable."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.cache import get_max_age
from openpyxl import load_workbook

from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.fixture
def signed_in(client, city_admin):
    client.force_login(city_admin)
    return client


def test_a_signed_in_page_is_private_and_not_stored(signed_in):
    response = signed_in.get(reverse("home"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def test_the_institution_export_with_phone_numbers_is_private_and_not_stored(signed_in, kunming):
    InstitutionFactory(phone="13900001234")
    response = signed_in.get(reverse("registry:export"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert "13900001234" in {str(c) for row in sheet.iter_rows(values_only=True) for c in row}
    assert {"private", "no-store"} <= directives(response)


def test_a_page_that_sets_its_own_cache_control_keeps_it(signed_in, city_admin):
    response = signed_in.get(reverse("accounts:user_password", args=[city_admin.pk]))
    assert "no-store" in directives(response) and "must-revalidate" in directives(response)
    assert get_max_age(response) == 0


def test_a_public_page_for_someone_not_signed_in_is_left_alone(client, city_admin):
    response = client.get(reverse("publicity:list"))
    assert response.status_code == 200
    assert "no-store" not in directives(response)


def test_static_files_stay_cacheable_for_a_signed_in_user(settings, city_admin):
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    client = Client()  # a new handler, so WhiteNoise reads the settings above
    client.force_login(city_admin)
    response = client.get(f"{settings.STATIC_URL}guifan/guifan.css")
    assert response.status_code == 200
    assert "no-store" not in directives(response) and "private" not in directives(response)
