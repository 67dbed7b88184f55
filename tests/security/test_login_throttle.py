"""Sign-in throttling: always per account; per address only when configured, from an address taken
from X-Forwarded-For only when the direct peer is a trusted proxy."""

import os
import subprocess
import sys

import pytest
from django.urls import reverse

from guifan.accounts.addresses import client_address, trusted_networks
from guifan.accounts.models import LoginFailure
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
PASSWORD = "correct-horse-battery"


def attempt(client, username, password, *, peer=PROXY, forwarded=None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("accounts:login"), {"username": username, "password": password}, **headers)


def signed_in(response) -> bool:
    return response.status_code == 302


@pytest.fixture
def staff(db):
    return [UserFactory(username=f"user{n}", role="city_admin") for n in range(6)]


def test_by_default_many_failures_from_one_address_lock_no_other_account(client, staff, settings):
    # Behind a TLS proxy every user arrives from the proxy's address.
    for user in staff[:5]:
        for _ in range(settings.GUIFAN_LOGIN_MAX_FAILURES - 1):
            attempt(client, user.username, "wrong")
    assert LoginFailure.objects.filter(ip_address=PROXY).count() == 20
    assert signed_in(attempt(client, staff[5].username, PASSWORD))


def test_an_account_is_locked_after_five_failures_whatever_the_addresses(client, staff, settings):
    for n in range(settings.GUIFAN_LOGIN_MAX_FAILURES):
        attempt(client, "user0", "wrong", peer=f"192.0.2.{n + 1}")
    response = attempt(client, "user0", PASSWORD, peer="192.0.2.99")
    assert not signed_in(response)
    assert "该账户已暂时锁定" in response.content.decode()
    assert signed_in(attempt(client, "user1", PASSWORD, peer="192.0.2.99"))


def test_a_configured_per_address_limit_stops_every_account_from_that_address_only(client, staff, settings):
    settings.GUIFAN_LOGIN_MAX_FAILURES_PER_ADDRESS = 3
    for user in staff[:3]:
        attempt(client, user.username, "wrong", peer="198.51.100.7")
    response = attempt(client, staff[5].username, PASSWORD, peer="198.51.100.7")
    assert not signed_in(response)
    assert "从您所在网络登录失败的次数过多" in response.content.decode()
    assert signed_in(attempt(client, staff[5].username, PASSWORD, peer="198.51.100.8"))


def test_behind_a_trusted_proxy_the_forwarded_address_is_the_one_counted(client, staff, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.GUIFAN_LOGIN_MAX_FAILURES_PER_ADDRESS = 3
    for user in staff[:3]:
        attempt(client, user.username, "wrong", forwarded="203.0.113.5")
    assert set(LoginFailure.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    # The attacker's address is stopped; a colleague behind the same proxy is not.
    assert not signed_in(attempt(client, staff[4].username, PASSWORD, forwarded="203.0.113.5"))
    assert signed_in(attempt(client, staff[5].username, PASSWORD, forwarded="203.0.113.6"))


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(client, staff, settings):
    settings.TRUSTED_PROXIES = [PROXY]
    settings.GUIFAN_LOGIN_MAX_FAILURES_PER_ADDRESS = 3
    # Writing a new address into the header each time does not escape the limit.
    for n, user in enumerate(staff[:3]):
        attempt(client, user.username, "wrong", peer="198.51.100.7", forwarded=f"203.0.113.{n}")
    assert set(LoginFailure.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}
    response = attempt(client, staff[5].username, PASSWORD, peer="198.51.100.7", forwarded="203.0.113.50")
    assert not signed_in(response)


@pytest.mark.parametrize(
    ("peer", "forwarded", "expected"),
    [
        ("198.51.100.7", "203.0.113.5", "198.51.100.7"),  # untrusted peer: header ignored
        (PROXY, "203.0.113.5", "203.0.113.5"),
        (PROXY, "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # a client-written first hop is not believed
        (PROXY, "203.0.113.5, 10.0.0.2", "203.0.113.5"),  # two proxies of ours
        (PROXY, "", PROXY),
        (PROXY, "not-an-address", PROXY),
        (PROXY, "10.0.0.2", PROXY),  # every hop is one of ours: the peer is all we know
        ("", "203.0.113.5", None),
    ],
)
def test_the_client_address(peer, forwarded, expected):
    trusted = trusted_networks([PROXY, "10.0.0.2/32"])
    assert client_address(peer, forwarded, trusted) == expected


def settings_in_a_fresh_process(tmp_path, **env) -> str:
    code = (
        "from guifan import settings as s; "
        "print(s.GUIFAN_LOGIN_MAX_FAILURES, s.GUIFAN_LOGIN_MAX_FAILURES_PER_ADDRESS, s.TRUSTED_PROXIES)"
    )
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"TRUSTED_PROXIES", "GUIFAN_LOGIN_MAX_FAILURES_PER_ADDRESS"}
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, "GUIFAN_VAR": str(tmp_path), **env},
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() or result.stderr.strip().splitlines()[-1]


def test_the_per_address_limit_is_off_unless_the_environment_sets_it(tmp_path):
    assert settings_in_a_fresh_process(tmp_path) == "5 0 []"
    assert (
        settings_in_a_fresh_process(
            tmp_path, GUIFAN_LOGIN_MAX_FAILURES_PER_ADDRESS="50", TRUSTED_PROXIES="10.0.0.1, 10.1.0.0/16"
        )
        == "5 50 ['10.0.0.1', '10.1.0.0/16']"
    )


def test_a_mistyped_proxy_address_stops_the_start(tmp_path):
    assert "is not an IP address" in settings_in_a_fresh_process(tmp_path, TRUSTED_PROXIES="10.0.0.300")
