"""The address a request comes from, for throttling.

Behind a TLS proxy every request's REMOTE_ADDR is the proxy's, so the client's address is read from
X-Forwarded-For, but only when the direct peer is a proxy named in TRUSTED_PROXIES: anyone else
could write any address there and so escape a per-address limit or frame another address."""

import ipaddress
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def trusted_networks(entries: Iterable[str]) -> list[Network]:
    """TRUSTED_PROXIES entries as networks: a single address, or a range like 10.0.0.0/8."""
    return [ipaddress.ip_network(e.strip(), strict=False) for e in entries if e.strip()]


def client_address(remote_addr: str, forwarded_for: str, trusted: list[Network]) -> str | None:
    """The client's address: the peer's, unless the peer is a trusted proxy; then the nearest
    address in X-Forwarded-For (read from the right, each proxy appends) that is not itself a
    trusted proxy. Anything unreadable falls back to the peer's address."""
    peer = _address(remote_addr or "")
    if peer is None:
        return None

    def is_trusted(address) -> bool:
        return any(address in network for network in trusted)

    if not is_trusted(peer):
        return str(peer)
    for hop in reversed([h for h in forwarded_for.split(",") if h.strip()]):
        address = _address(hop)
        if address is None:
            return str(peer)
        if not is_trusted(address):
            return str(address)
    return str(peer)


def request_address(request: HttpRequest) -> str | None:
    return client_address(
        request.META.get("REMOTE_ADDR", ""),
        request.META.get("HTTP_X_FORWARDED_FOR", ""),
        trusted_networks(settings.TRUSTED_PROXIES),
    )
