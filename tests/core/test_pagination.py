"""Every paginated list links to its next page with one '?' and keeps its filters."""

import pytest
from django.urls import reverse

from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


def test_the_next_page_link_keeps_the_filter_and_has_one_question_mark(client, city_admin):
    for n in range(55):
        InstitutionFactory(name=f"分页测试按摩店{n:02d}", county_name="盘龙区")
    client.force_login(city_admin)
    page = client.get(reverse("registry:list"), {"q": "分页测试"}).content.decode()
    start = page.index('class="pagination"')
    assert 'href="?q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95&amp;page=2"' in page[start:], page[start:][:600]
