"""Every URL of the project answers only the methods its page uses: PUT, DELETE and PATCH are
refused everywhere (405), and POST too wherever the page has no form or button that posts.

The walk covers every pattern the resolver knows, so a new view is checked without being listed:
a page that only shows data passes once it is restricted (`require_safe`), and a page that posts
passes once it is restricted to GET and POST and named in POSTS below."""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# The URL names whose pages post: forms, and buttons that change something.
POSTS = {
    "accounts:login",
    "accounts:logout",
    "accounts:keepalive",
    "accounts:password_change",
    "accounts:user_create",
    "accounts:user_edit",
    "accounts:user_password_reset",
    "accounts:user_deactivate",
    "accounts:user_reactivate",
    "registry:create",
    "registry:import",
    "registry:edit",
    "funds:programme_new",
    "funds:programme_next",
    "funds:source_new",
    "funds:entry_new",
    "funds:entry_reverse",
    "grading:new",
    "grading:statement",
    "grading:act",
    "grading:inspection_start",
    "grading:inspection",
    "grading:rectification_new",
    "grading:rectification",
    "grading:batch_new",
    "grading:council",
    "grading:objection",
    "grading:standard_new",
    "grading:standard_edit",
    "grading:standard_items",
    "publicity:batch",
    "surveys:new",
    "surveys:edit",
    "surveys:close",
    "surveys:distribution_new",
    "surveys:paper",
    "surveys:tally",
    "evaluation:new",
    "evaluation:goals",
    "evaluation:compute",
    "evaluation:sign_off",
    "evaluation:rules",
    "evaluation:indicator",
    "evaluation:action_new",
    "evaluation:action_close",
    "reports:check",
    "reports:report",
    "reports:narrative",
    "survey:answer",
    "jobs:retry",
    "registry:export",
    "reports:batch",
    "supervision:cancel",
    "supervision:spot_check",
    "supervision:round_new",
    "supervision:review",
    "supervision:notice_new",
    "supervision:decision_new",
    "supervision:objection",
    "register:notice",
    "notifications:read",
    "notifications:read_all",
    "notifications:settings",
}


def _walk(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            yield from _walk(entry, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry


URLS = dict(_walk(get_resolver()))
SAMPLES = ["1", "x", str(uuid.UUID(int=1))]


def url_of(name: str) -> str:
    """The URL with made-up arguments: the method check comes before any lookup."""
    converters = URLS[name].pattern.converters
    kwargs = {
        arg: next(s for s in SAMPLES if re.fullmatch(converter.regex, s))
        for arg, converter in converters.items()
    }
    return reverse(name, kwargs=kwargs)


def client_for(name: str) -> Client:
    """Signed in for the signed-in pages; a public page (the sign-in page among them) is asked by
    an anonymous visitor, as it is used."""
    client = Client()
    if getattr(URLS[name].callback, "login_required", True):
        client.force_login(UserFactory(username="city", role="city_admin"))
    return client


def test_every_url_has_a_name_and_the_lists_name_only_real_urls():
    assert None not in URLS
    assert URLS.keys() >= POSTS


@pytest.mark.parametrize("name", sorted(URLS))
@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_no_page_takes_put_delete_or_patch(name, method):
    response = getattr(client_for(name), method)(url_of(name))
    assert response.status_code == 405, f"{method.upper()} {name} answered {response.status_code}"


@pytest.mark.parametrize("name", sorted(URLS.keys() - POSTS))
def test_a_page_without_a_form_refuses_post(name):
    response = client_for(name).post(url_of(name))
    assert response.status_code == 405, f"POST {name} answered {response.status_code}"
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("name", sorted(URLS.keys() - POSTS))
def test_a_page_without_a_form_still_answers_get(name):
    assert client_for(name).get(url_of(name)).status_code != 405


@pytest.mark.parametrize("name", sorted(POSTS))
def test_a_page_with_a_form_still_takes_post(name):
    assert client_for(name).post(url_of(name)).status_code != 405


def test_the_audit_log_refuses_every_unsafe_method(client, auditor):
    client.force_login(auditor)
    url = reverse("audit:list")
    assert client.get(url).status_code == 200
    assert [getattr(client, m)(url).status_code for m in ("post", "put", "delete", "patch")] == [405] * 4
