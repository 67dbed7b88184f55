"""HTTPS=1 from the environment: Django's deployment check has nothing to say, plain HTTP is
redirected, HSTS is sent, and a TLS proxy's X-Forwarded-Proto is believed only when configured."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

GUIFAN = Path(sys.executable).with_name("guifan")
ONE_YEAR = 365 * 24 * 3600
OURS = {
    "HTTPS",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "TRUSTED_PROXIES",
    "SECURE_PROXY_SSL_HEADER",
    "CSRF_TRUSTED_ORIGINS",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests' conftest for Playwright; never in production
}


def environment(tmp_path, **env) -> dict:
    clean = {k: v for k, v in os.environ.items() if k not in OURS}
    return {**clean, "GUIFAN_VAR": str(tmp_path), **env}


def production(tmp_path, **env) -> dict:
    return environment(
        tmp_path, HTTPS="1", SECRET_KEY=secrets.token_urlsafe(60), ALLOWED_HOSTS="example.org", **env
    )


def settings_of(env: dict) -> dict:
    names = [
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "CSRF_TRUSTED_ORIGINS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
    ]
    code = (
        "import json; from guifan import settings as s; "
        f"print(json.dumps({{n: getattr(s, n, None) for n in {names!r}}}))"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_the_deployment_check_prints_no_warning_with_https_on(tmp_path):
    result = subprocess.run(
        [str(GUIFAN), "check", "--deploy"], env=production(tmp_path), capture_output=True, text=True
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNINGS" not in output and "ERRORS" not in output
    assert "System check identified no issues" in output


def test_the_deployment_check_still_warns_without_https(tmp_path):
    env = production(tmp_path)
    del env["HTTPS"]
    result = subprocess.run([str(GUIFAN), "check", "--deploy"], env=env, capture_output=True, text=True)
    assert "security.W008" in result.stderr and "security.W004" in result.stderr


def test_https_redirects_sends_hsts_for_a_year_and_marks_cookies_secure(tmp_path):
    found = settings_of(production(tmp_path))
    assert found["SECURE_SSL_REDIRECT"] is True
    assert found["SECURE_HSTS_SECONDS"] == ONE_YEAR and found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert found["SESSION_COOKIE_SECURE"] and found["CSRF_COOKIE_SECURE"]
    assert found["SECURE_PROXY_SSL_HEADER"] is None  # no proxy named: the header is not believed


def test_without_https_nothing_is_redirected_and_no_hsts_is_sent(tmp_path):
    found = settings_of(environment(tmp_path))
    assert found["SECURE_SSL_REDIRECT"] is False and found["SECURE_HSTS_SECONDS"] == 0
    assert found["SECURE_PROXY_SSL_HEADER"] is None


@pytest.mark.parametrize(
    ("env", "header"),
    [
        ({"TRUSTED_PROXIES": "10.0.0.1"}, ["HTTP_X_FORWARDED_PROTO", "https"]),
        ({"SECURE_PROXY_SSL_HEADER": "1"}, ["HTTP_X_FORWARDED_PROTO", "https"]),
        ({"TRUSTED_PROXIES": "10.0.0.1", "SECURE_PROXY_SSL_HEADER": "0"}, None),
    ],
)
def test_the_proxy_header_is_believed_when_a_proxy_is_named_or_the_setting_says_so(tmp_path, env, header):
    assert settings_of(production(tmp_path, **env))["SECURE_PROXY_SSL_HEADER"] == header


def test_hsts_and_trusted_origins_come_from_the_environment(tmp_path):
    found = settings_of(
        production(
            tmp_path,
            SECURE_HSTS_SECONDS="3600",
            SECURE_HSTS_INCLUDE_SUBDOMAINS="0",
            CSRF_TRUSTED_ORIGINS="https://guifan.example.org, https://km.example.org",
        )
    )
    assert found["SECURE_HSTS_SECONDS"] == 3600 and found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is False
    assert found["CSRF_TRUSTED_ORIGINS"] == ["https://guifan.example.org", "https://km.example.org"]


@pytest.fixture
def behind_a_proxy(settings):
    """The settings HTTPS=1 TRUSTED_PROXIES=… gives (checked above), in this process."""
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = ONE_YEAR
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True


def test_behind_the_proxy_a_https_request_gets_the_page_with_hsts(client, behind_a_proxy, db):
    response = client.get(reverse("accounts:login"), HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == f"max-age={ONE_YEAR}; includeSubDomains"


def test_a_plain_http_request_is_sent_to_https(client, behind_a_proxy, db):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
