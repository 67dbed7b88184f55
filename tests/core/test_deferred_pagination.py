"""The deferred paginator gives the very pages Django's paginator gives, in the same order, with
the same number of queries on any page."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from guifan.core.pagination import DeferredPaginator
from guifan.registry.models import Institution
from tests.factories import InstitutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def institutions():
    for n in range(123):  # names out of order, over three counties
        InstitutionFactory(
            name=f"分页{(n * 37) % 123:03d}号按摩店", county_name=["盘龙区", "官渡区", "五华区"][n % 3]
        )


def test_every_page_is_the_plain_paginators_page(institutions):
    listed = Institution.objects.select_related("county")
    plain, deferred = Paginator(listed, 20, orphans=3), DeferredPaginator(listed, 20, orphans=3)
    assert deferred.num_pages == plain.num_pages == 6
    for number in plain.page_range:
        assert [i.pk for i in deferred.page(number)] == [i.pk for i in plain.page(number)]
    assert [i.county.name for i in deferred.page(6)] == [i.county.name for i in plain.page(6)]


def test_the_list_pages_cost_the_same_queries_deep_and_shallow(client, city_admin, institutions):
    client.force_login(city_admin)
    counts = []
    for page in (1, 3):
        with CaptureQueriesContext(connection) as ctx:
            html = client.get(reverse("registry:list"), {"page": page}).content.decode()
        counts.append(len(ctx.captured_queries))
        assert html.count("号按摩店</a>") >= 20
    assert counts[0] == counts[1]
