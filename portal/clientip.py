"""The client's address: one answer for the rate limits, the admin lock-out and the
addresses stored with messages and contributions.

Behind nginx every request arrives from the proxy's own address; the address nginx saw
is in `X-Real-IP` (`proxy_set_header X-Real-IP $remote_addr;`). Any client can send that
header too, so it is believed only on requests that come from an address in
`settings.TRUSTED_PROXIES` (addresses or networks; empty by default: no proxy is
trusted). Otherwise, and whenever the header is missing or is not one address, the
answer is `REMOTE_ADDR`: a bad header never fails a request.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings

HEADER = "HTTP_X_REAL_IP"
# What django-ratelimit counts for a request that has no address at all (a unix-socket
# server without a trusted proxy): all of them share one counter.
UNKNOWN = "0.0.0.0"

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(entries) -> tuple[Network, ...]:
    """`TRUSTED_PROXIES` as networks; a plain address is a network of one. ValueError if bad."""
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries)


@lru_cache(maxsize=8)
def _trusted(entries: tuple[str, ...]) -> tuple[Network, ...]:
    return parse_networks(entries)


def _address(raw) -> Address | None:
    try:
        address = ipaddress.ip_address((raw or "").strip())
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1 is 127.0.0.1
    return mapped or address


def client_ip(request) -> str | None:
    """The client's address as text, or None when the request carries none."""
    peer = _address(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return None
    proxies = _trusted(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if any(peer in network for network in proxies):
        forwarded = _address(request.META.get(HEADER))
        if forwarded is not None:
            return str(forwarded)
    return str(peer)


def rate_limit_key(request) -> str:
    """`RATELIMIT_IP_META_KEY` for django-ratelimit, which needs an address."""
    return client_ip(request) or UNKNOWN
