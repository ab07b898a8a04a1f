"""One client address for the whole site: rate limits, the admin lock-out, stored messages.

Behind nginx every request arrives from the proxy; the reader's address is in X-Real-IP,
which is believed only from the addresses in TRUSTED_PROXIES.
"""

import pytest
from django.test import RequestFactory

from portal.clientip import client_ip

PROXY = "10.0.0.2"


def request_from(remote_addr, **headers):
    meta = {"REMOTE_ADDR": remote_addr}
    meta.update({f"HTTP_{name.upper().replace('-', '_')}": v for name, v in headers.items()})
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(request_from("203.0.113.5", x_real_ip="198.51.100.1")) == "203.0.113.5"


@pytest.mark.parametrize("trusted", [[PROXY], ["10.0.0.0/24"], ["192.0.2.1", "10.0.0.0/8"]])
def test_header_from_a_trusted_proxy_names_the_client(settings, trusted):
    settings.TRUSTED_PROXIES = trusted
    assert client_ip(request_from(PROXY, x_real_ip="198.51.100.1")) == "198.51.100.1"
    assert client_ip(request_from(PROXY, x_real_ip="2001:db8::7")) == "2001:db8::7"


def test_header_from_anyone_else_is_ignored(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_ip(request_from("203.0.113.5", x_real_ip="198.51.100.1")) == "203.0.113.5"


@pytest.mark.parametrize(
    "header", [None, "", "unknown", "198.51.100.1, 203.0.113.9", "999.1.1.1", "<script>"]
)
def test_missing_or_malformed_header_falls_back_to_the_proxy_address(settings, header):
    settings.TRUSTED_PROXIES = [PROXY]
    request = request_from(PROXY) if header is None else request_from(PROXY, x_real_ip=header)
    assert client_ip(request) == PROXY


def test_forwarded_for_is_not_believed_instead_of_x_real_ip(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    request = request_from(PROXY, x_forwarded_for="198.51.100.66")
    assert client_ip(request) == PROXY


def test_ipv4_mapped_peer_counts_as_its_ipv4_address(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    assert client_ip(request_from("::ffff:127.0.0.1", x_real_ip="198.51.100.1")) == "198.51.100.1"


def test_request_without_any_address_has_none():
    assert client_ip(request_from("")) is None
