"""A year just created, with nothing set up yet, answers every page for every role without a 500.

The first version answered 500 on /funds/2023/ until a funding source existed; this walks every
page that takes only a year (or nothing), as each demo role, right after 新建年度项目.
"""

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from guifan.accounts.models import User
from guifan.demo.loading import load_demo
from tests.factories import fresh_year

pytestmark = pytest.mark.django_db

ROLES = ["city", "panlong", "dongchuan", "expert", "qingyu", "auditor"]
ANSWERS = {200, 302, 403, 404, 405}


def _year_or_bare_pages() -> list[tuple[str, tuple]]:
    """(url name, args) for every GET page whose only argument is the year, or that has none."""

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif isinstance(p, URLPattern) and p.name:
                converters = list(p.pattern.converters)
                if converters in ([], ["year"]):
                    yield prefix + p.name, (2023,) if converters else ()

    return sorted(set(walk(get_resolver().url_patterns)))


@pytest.fixture
def year_2023(kunming):
    load_demo()
    return fresh_year()


def test_the_walk_covers_the_year_pages():
    names = {name for name, _ in _year_or_bare_pages()}
    assert {"funds:programme", "funds:ledger", "home", "grading:list"} <= names


@pytest.mark.parametrize("username", ROLES)
def test_no_page_of_a_fresh_year_fails_for(username, year_2023):
    client = Client()
    client.force_login(User.objects.get(username=username))
    answered = {}
    for name, args in _year_or_bare_pages():
        if name in {"accounts:logout", "accounts:keepalive"}:
            continue
        answered[name] = client.get(reverse(name, args=args)).status_code
    assert {n: s for n, s in answered.items() if s not in ANSWERS} == {}
    if username == "city":
        assert answered["funds:programme"] == 200
