"""下载远程图片: pictures pasted from other sites are saved on this site.

An article copied from a WeChat account or another site keeps `<img src>` pointing at
that site; such pictures break when the other site forbids hot-linking or deletes them.
When an editor saves rich text, `localize()` fetches each picture on another host,
checks and re-encodes it exactly like an upload (`editorial.images.process_image`: Pillow,
byte and pixel caps), stores it under `editor/` and rewrites the `src`. A picture that
cannot be fetched is reported and left as it was: the save never fails because of one.

The fetch is a request the server makes on an editor's behalf, so it must not be usable
to reach the server's own network (SSRF): only http and https on their usual ports; the
host name is resolved once, every address it resolves to must be public (no loopback,
private, link-local — which holds the cloud metadata address —, shared, multicast or
reserved ranges, also when carried inside an IPv6 address: mapped, compatible, NAT64,
6to4, Teredo), and the connection goes to the address that was checked, so a second DNS
answer cannot swap it (rebinding). Redirects are followed by hand, at most three, each
checked the same way. Timeouts bound every socket operation and the whole fetch; the
body is streamed and dropped past the upload limit.
The standard library does this in a few lines; requests/urllib3 would resolve the name
again on connect, which is the hole this closes.

`REMOTE_IMAGES_TRUSTED_ADDRESSES` (a list of IP addresses, empty by default) lets the
tests fetch from their own local server; it is not read from the environment.
"""

from __future__ import annotations

import html
import http.client
import ipaddress
import math
import re
import socket
import ssl
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from editorial.images import process_image, store

MAX_IMAGES = 30  # per save; the rest stay remote and are reported
MAX_REDIRECTS = 3
SOCKET_TIMEOUT = 5  # seconds, each connect and read
TOTAL_TIMEOUT = 15  # seconds, one picture from first byte to last
# seconds, all the pictures of one save: below gunicorn's worker timeout (30 s), so the
# editor gets the form back with the list of what was not saved, not an error page.
SAVE_TIMEOUT = 20
PORTS = {"http": 80, "https": 443}
USER_AGENT = "Mozilla/5.0 (compatible; PortalImageFetcher/1.0)"

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r'(\ssrc=")([^"]*)(")', re.IGNORECASE)


class FetchRefused(Exception):
    """Why one picture was not saved, in Chinese for the editor."""


@dataclass
class Report:
    saved: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (url, reason)


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def _reached(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> list:
    """The addresses a connection to `ip` ends up at, for the public check.

    An IPv6 address that carries an IPv4 address (mapped, compatible, NAT64, 6to4,
    Teredo) is delivered to that IPv4 address by the kernel or a gateway, so it is
    judged by it: `[64:ff9b::7f00:1]` is 127.0.0.1. A NAT64 local-use address puts the
    IPv4 address where its operator's prefix length says, which cannot be known
    here, so it is refused (an empty list)."""
    if ip.version == 4:
        return [ip]
    if ip.ipv4_mapped:
        return [ip.ipv4_mapped]
    if ip.sixtofour:
        return [ip.sixtofour]
    if ip.teredo:
        return list(ip.teredo)  # the relay server and the client behind it
    if ip in _NAT64_LOCAL:
        return []
    if ip in _NAT64 or ip in _IPV4_COMPATIBLE:
        return [ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)]
    return [ip]


def _public(address: str) -> bool:
    if address in getattr(settings, "REMOTE_IMAGES_TRUSTED_ADDRESSES", ()):
        return True
    reached = _reached(ipaddress.ip_address(address.split("%", 1)[0]))
    return bool(reached) and all(ip.is_global and not ip.is_multicast for ip in reached)


def _resolve(host: str, port: int) -> str:
    """The address to connect to; every address the name resolves to must be public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchRefused("无法解析图片所在网站的域名") from exc
    addresses = [info[4][0] for info in infos]
    if not addresses or not all(_public(a) for a in addresses):
        raise FetchRefused("图片地址指向内网或本机，已拒绝")
    return addresses[0]


def _left(deadline: float) -> float:
    """Seconds the next socket operation may wait: the per-operation timeout, cut at
    the deadline; TimeoutError once it has passed."""
    left = deadline - time.monotonic()
    if left <= 0:
        raise TimeoutError("deadline passed")
    return min(SOCKET_TIMEOUT, left)


class _Deadline:
    """A socket whose every read waits at most until the fetch's deadline.

    http.client reads a status line, headers and body through many `recv_into` calls
    (one `read(n)` loops until n bytes came), so a host sending a byte now and then
    would never trip a per-operation timeout; here each call gets only what is left."""

    deadline = 0.0

    def recv_into(self, buffer, *args):
        self.settimeout(_left(self.deadline))
        return super().recv_into(buffer, *args)


class _DeadlineSocket(_Deadline, socket.socket):
    pass


class _DeadlineSSLSocket(_Deadline, ssl.SSLSocket):
    pass


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the checked address while speaking to (Host header) the name."""

    def __init__(self, host, port, address, deadline):
        super().__init__(host, port)
        self._address = address
        self._deadline = deadline

    def _open(self) -> socket.socket:
        raw = socket.create_connection((self._address, self.port), _left(self._deadline))
        sock = _DeadlineSocket(fileno=raw.detach())
        sock.deadline = self._deadline
        sock.settimeout(_left(self._deadline))  # sending the request, and the handshake
        return sock

    def connect(self):
        self.sock = self._open()


class _PinnedHTTPSConnection(_PinnedHTTPConnection, http.client.HTTPSConnection):
    def __init__(self, host, port, address, deadline):
        super().__init__(host, port, address, deadline)
        self._context = ssl.create_default_context()
        self._context.sslsocket_class = _DeadlineSSLSocket

    def connect(self):
        sock = self._open()
        # The certificate is checked against the name, not the address.
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)
        self.sock.deadline = self._deadline


def fetch(url: str, save_deadline: float = math.inf) -> bytes:
    """The body of the picture at `url`, or FetchRefused; gives up at TOTAL_TIMEOUT or
    at `save_deadline` (a `time.monotonic()` value), whichever comes first."""
    deadline = min(time.monotonic() + TOTAL_TIMEOUT, save_deadline)
    limit = settings.MAX_IMAGE_UPLOAD_BYTES
    for _ in range(MAX_REDIRECTS + 1):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in PORTS or not parts.hostname:
            raise FetchRefused("只能下载 http 或 https 地址的图片")
        port = parts.port or PORTS[scheme]
        address = _resolve(parts.hostname, port)
        if port != PORTS[scheme] and not _trusted_host(parts.hostname):
            raise FetchRefused("图片地址使用了非标准端口，已拒绝")
        connection_class = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        connection = connection_class(parts.hostname, port, address, deadline)
        target = parts.path or "/"
        if parts.query:
            target += "?" + parts.query
        try:
            connection.request(
                "GET", target, headers={"User-Agent": USER_AGENT, "Accept": "image/*"}
            )
            response = connection.getresponse()
            if response.status in (301, 302, 303, 307, 308):
                location = response.getheader("Location")
                if not location:
                    raise FetchRefused("图片网站返回了无效的跳转")
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise FetchRefused(f"图片网站返回错误（HTTP {response.status}）")
            declared = response.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchRefused("图片超过大小上限")
            chunks, size = [], 0
            while chunk := response.read(64 * 1024):
                size += len(chunk)
                if size > limit:
                    raise FetchRefused("图片超过大小上限")
                chunks.append(chunk)
            return b"".join(chunks)
        except TimeoutError as exc:
            raise FetchRefused("下载图片超时") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise FetchRefused("无法连接图片所在网站或下载超时") from exc
        finally:
            connection.close()
    raise FetchRefused("图片地址跳转次数过多")


def _trusted_host(host: str) -> bool:
    return host in getattr(settings, "REMOTE_IMAGES_TRUSTED_ADDRESSES", ())


def _own_hosts(request_host: str | None) -> set[str]:
    hosts = {urlsplit(settings.SITE_URL).netloc.lower()}
    if request_host:
        hosts.add(request_host.lower())
    for prefix in (settings.MEDIA_URL, settings.STATIC_URL):
        if prefix.startswith(("http://", "https://", "//")):
            hosts.add(urlsplit(prefix if "://" in prefix else "http:" + prefix).netloc.lower())
    return hosts


def remote_sources(body: str, *, request_host: str | None = None) -> list[str]:
    """The picture addresses in `body` that are on another host, each once, in order."""
    own = _own_hosts(request_host)
    found = []
    for tag in _IMG.findall(body or ""):
        match = _SRC.search(tag)
        if not match:
            continue
        url = html.unescape(match.group(2)).strip()
        if url.startswith("//"):
            url = "https:" + url
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.netloc.lower() not in own:
            if url not in found:
                found.append(url)
    return found


def save_deadline() -> float:
    """When the fetching for one save stops; pass it to each `localize` of that save."""
    return time.monotonic() + SAVE_TIMEOUT


def localize(
    body: str, *, request_host: str | None = None, deadline: float | None = None
) -> tuple[str, Report]:
    """`body` with pictures from other hosts saved here and their `src` rewritten;
    fetching stops at `deadline` (default: SAVE_TIMEOUT from now)."""
    deadline = save_deadline() if deadline is None else deadline
    report = Report()
    urls = remote_sources(body, request_host=request_host)
    stored: dict[str, str] = {}
    for index, url in enumerate(urls):
        if index >= MAX_IMAGES:
            report.failed.append((url, f"一次最多下载 {MAX_IMAGES} 张，请保存后再保存一次"))
            continue
        if time.monotonic() >= deadline:
            report.failed.append((url, "本次保存下载图片的时间已用完，请保存后再保存一次"))
            continue
        try:
            data = fetch(url, deadline)
            checked = process_image(ContentFile(data, name="remote"), prefix="")
        except FetchRefused as exc:
            report.failed.append((url, str(exc)))
            continue
        except ValidationError as exc:
            report.failed.append((url, " ".join(exc.messages)))
            continue
        stored[url] = default_storage.url(store(default_storage, "editor", checked))
        report.saved.append(url)

    def rewrite_tag(match: re.Match) -> str:
        def rewrite_src(src: re.Match) -> str:
            url = html.unescape(src.group(2)).strip()
            if url.startswith("//"):
                url = "https:" + url
            if url in stored:
                return src.group(1) + html.escape(stored[url]) + src.group(3)
            return src.group(0)

        return _SRC.sub(rewrite_src, match.group(0), count=1)

    return _IMG.sub(rewrite_tag, body or ""), report
