"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright cannot download a browser here, so it is pointed at /usr/bin/chromium. Outside CI a
missing browser skips these tests with one line saying how to install it; in CI it fails them.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from guifan.demo.loading import load_demo

# Playwright's sync API keeps an event loop running in the test thread; Django would then refuse
# its (synchronous, test-side) database calls. The documented workaround for Playwright + Django:
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("GUIFAN_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium():
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} not found: install it with 'sudo apt-get install chromium' to run the browser tests"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield browser
        browser.close()


@pytest.fixture
def demo(transactional_db, kunming):
    """The Kunming demo. Live-server tests flush the database after each test, regions included."""
    load_demo()


@pytest.fixture
def context(chromium, live_server, request):
    context = chromium.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="zh-CN"
    )
    context.set_default_timeout(10_000)
    yield context
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        for number, page in enumerate(context.pages):
            page.screenshot(path=str(ARTIFACTS / f"FAILED-{request.node.name}-{number}.png"), full_page=True)
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def sign_in(context, live_server):
    """Give the browser the session of a user, as if they had signed in."""

    def sign_in_as(username: str) -> None:
        from guifan.accounts.models import User

        client = Client()
        client.force_login(User.objects.get(username=username))
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])

    return sign_in_as
