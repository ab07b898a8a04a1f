"""下载远程图片: pictures pasted from other sites are saved here on save, safely."""

import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from editorial import remote_images
from editorial.remote_images import FetchRefused
from tests.admin_forms import change

pytestmark = pytest.mark.django_db


def png(size=(40, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


class Handler(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802 (http.server's name)
        status, headers, body = self.routes.get(self.path, (404, {}, b"not here"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def serve(host: str, routes: dict):
    handler = type("Routes", (Handler,), {"routes": routes})
    server = ThreadingHTTPServer((host, 0), handler)
    # A short poll so that shutdown() returns at once, not after half a second.
    threading.Thread(target=server.serve_forever, args=(0.02,), daemon=True).start()
    return server


@pytest.fixture
def image_site(settings):
    """A picture host on 127.0.0.2 (trusted only where a test says so) and an inner
    service on 127.0.0.1 that nothing may reach."""
    inner = serve("127.0.0.1", {"/secret.png": (200, {"Content-Type": "image/png"}, png())})
    inner_url = f"http://127.0.0.1:{inner.server_address[1]}"
    routes = {
        "/wx/photo.png": (200, {"Content-Type": "image/png"}, png()),
        "/wx/big.png": (200, {"Content-Type": "image/png"}, png((1200, 1200))),
        "/wx/page.png": (200, {"Content-Type": "text/html"}, b"<html>not a picture</html>"),
        "/wx/moved.png": (302, {"Location": "/wx/photo.png"}, b""),
        "/wx/inside.png": (302, {"Location": f"{inner_url}/secret.png"}, b""),
    }
    outer = serve("127.0.0.2", routes)
    yield f"http://127.0.0.2:{outer.server_address[1]}"
    for server in (outer, inner):
        server.shutdown()
        server.server_close()


@pytest.fixture
def trusted(settings):
    settings.REMOTE_IMAGES_TRUSTED_ADDRESSES = ["127.0.0.2"]


def save_page_body(client, page, body):
    url = reverse("admin:portal_page_change", args=[page.pk])
    return change(client, url, body=body)


def test_a_pasted_picture_is_stored_here_and_its_address_rewritten(
    client, publisher, make_page, image_site, trusted
):
    page = make_page()
    client.force_login(publisher)
    body = f'<p>转载</p><p><img src="{image_site}/wx/photo.png" alt="现场"></p>'
    response = save_page_body(client, page, body)
    assert response.status_code == 302
    page.refresh_from_db()
    assert image_site not in page.body
    src = page.body.split('src="')[1].split('"')[0]
    assert src.startswith("/media/editor/") and src.endswith(".png")
    name = src.removeprefix("/media/")
    with default_storage.open(name) as stored, Image.open(stored) as image:
        assert image.size == (40, 30)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert "已将 1 张站外图片保存到本站。" in messages


def test_the_same_picture_twice_is_fetched_and_stored_once(image_site, trusted):
    url = f"{image_site}/wx/photo.png"
    body, report = remote_images.localize(f'<img src="{url}"><img src="{url}">')
    assert report.saved == [url]
    assert body.count(body.split('src="')[1].split('"')[0]) == 2


def test_a_redirect_on_the_picture_host_is_followed(image_site, trusted):
    body, report = remote_images.localize(f'<img src="{image_site}/wx/moved.png">')
    assert report.failed == []
    assert "/media/editor/" in body


def test_without_the_test_setting_the_local_server_is_refused_and_the_save_still_works(
    client, publisher, make_page, image_site
):
    # A draft: a live page is not saved with a picture left on another site
    # (tests/news/test_hotlinked_pictures.py).
    page = make_page(is_published=False)
    client.force_login(publisher)
    body = f'<p>新的正文</p><p><img src="{image_site}/wx/photo.png"></p>'
    response = save_page_body(client, page, body)
    assert response.status_code == 302
    page.refresh_from_db()
    assert "新的正文" in page.body
    assert f"{image_site}/wx/photo.png" in page.body  # left as it was
    warning = " ".join(str(m) for m in response.wsgi_request._messages)
    assert "1 张站外图片未能保存到本站" in warning
    assert "图片地址指向内网或本机，已拒绝" in warning
    assert not default_storage.exists("editor") or not default_storage.listdir("editor")[1]


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/wx/inside.png", "图片地址指向内网或本机，已拒绝"),  # redirect to 127.0.0.1
        ("/wx/page.png", "文件不是有效的图片"),
        ("/wx/missing.png", "图片网站返回错误（HTTP 404）"),
    ],
)
def test_refused_answers_leave_the_address_and_say_why(image_site, trusted, path, reason):
    url = f"{image_site}{path}"
    body, report = remote_images.localize(f'<p><img src="{url}"></p>')
    assert report.saved == []
    assert len(report.failed) == 1 and reason in report.failed[0][1]
    assert url in body


def test_an_oversize_picture_is_dropped_while_streaming(image_site, trusted, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 2_000
    body, report = remote_images.localize(f'<img src="{image_site}/wx/big.png">')
    assert report.failed[0][1] == "图片超过大小上限"


@pytest.fixture
def slow_site(settings):
    """A picture host on 127.0.0.2 that answers one byte at a time, 0.1 s apart, for
    up to 6 s: `/headers` trickles its status line, anything else its body."""
    settings.REMOTE_IMAGES_TRUSTED_ADDRESSES = ["127.0.0.2"]
    listener = socket.create_server(("127.0.0.2", 0))
    stop = threading.Event()

    def trickle(conn):
        with conn:
            request = b""
            while b"\r\n\r\n" not in request and (data := conn.recv(4096)):
                request += data
            head = b"HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: 100\r\n\r\n"
            if request.startswith(b"GET /headers"):
                slow, head = head, b""
            else:
                slow = png()[:100]
            conn.sendall(head)
            for byte in slow[:60]:
                if stop.wait(0.1):
                    return
                try:
                    conn.sendall(bytes([byte]))
                except OSError:
                    return  # the fetcher gave up and closed

    def accept():
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            threading.Thread(target=trickle, args=(conn,), daemon=True).start()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.2:{listener.getsockname()[1]}"
    stop.set()
    listener.close()


@pytest.mark.parametrize("path", ["/body.png", "/headers"])
def test_a_host_trickling_bytes_is_given_up_at_the_deadline(slow_site, monkeypatch, path):
    monkeypatch.setattr(remote_images, "TOTAL_TIMEOUT", 1.0)
    started = time.monotonic()
    with pytest.raises(FetchRefused) as refused:
        remote_images.fetch(f"{slow_site}{path}")
    assert time.monotonic() - started < 1.5
    assert str(refused.value) == "下载图片超时"


def test_a_save_stops_fetching_at_its_own_deadline(slow_site, monkeypatch):
    monkeypatch.setattr(remote_images, "TOTAL_TIMEOUT", 1.0)
    monkeypatch.setattr(remote_images, "SAVE_TIMEOUT", 1.5)
    urls = [f"{slow_site}/{n}.png" for n in range(4)]
    started = time.monotonic()
    body, report = remote_images.localize("".join(f'<img src="{url}">' for url in urls))
    assert time.monotonic() - started < 2.0
    assert report.saved == []
    assert [reason for _, reason in report.failed] == [
        "下载图片超时",
        "下载图片超时",
        "本次保存下载图片的时间已用完，请保存后再保存一次",
        "本次保存下载图片的时间已用完，请保存后再保存一次",
    ]
    assert all(url in body for url in urls)


def test_a_slow_picture_host_gives_the_editor_a_message_and_keeps_the_text(
    client, publisher, make_page, slow_site, monkeypatch
):
    monkeypatch.setattr(remote_images, "TOTAL_TIMEOUT", 1.0)
    page = make_page(is_published=False)  # a draft (a live page is not saved so)
    client.force_login(publisher)
    started = time.monotonic()
    response = save_page_body(client, page, f'<p>新的正文</p><img src="{slow_site}/a.png">')
    assert time.monotonic() - started < 3
    assert response.status_code == 302
    page.refresh_from_db()
    assert "新的正文" in page.body and f"{slow_site}/a.png" in page.body
    warning = " ".join(str(m) for m in response.wsgi_request._messages)
    assert "1 张站外图片未能保存到本站" in warning and "下载图片超时" in warning


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost/a.png",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/a.png",
        "http://[::ffff:127.0.0.1]/a.png",
        "http://100.64.0.1/a.png",
        "http://0.0.0.0/a.png",
        "file:///etc/passwd",
        "ftp://example.org/a.png",
        "http://8.8.8.8:6379/",  # public, but an unusual port
    ],
)
def test_inner_addresses_schemes_and_ports_are_refused_before_connecting(url):
    with pytest.raises(FetchRefused):
        remote_images.fetch(url)


@pytest.mark.parametrize(
    "host",
    [
        "[64:ff9b::7f00:1]",  # NAT64 well-known prefix, 127.0.0.1
        "[64:ff9b::a9fe:a9fe]",  # NAT64, the cloud metadata address
        "[64:ff9b:1::808:808]",  # NAT64 local-use: where the IPv4 sits is not knowable
        "[2002:7f00:1::]",  # 6to4, 127.0.0.1
        "[2002:a00:1::1]",  # 6to4, 10.0.0.1
        "[2001:0:4136:e378:8000:63bf:80ff:fffe]",  # Teredo, client 127.0.0.1
        "[::127.0.0.1]",  # IPv4-compatible
        "[::a00:1]",  # IPv4-compatible, 10.0.0.1
        "[::ffff:7f00:1]",  # IPv4-mapped, written in hex
    ],
)
def test_ipv6_forms_that_carry_an_inner_ipv4_address_are_refused_before_connecting(host):
    with pytest.raises(FetchRefused) as refused:
        remote_images.fetch(f"http://{host}/a.png")
    assert str(refused.value) == "图片地址指向内网或本机，已拒绝"


@pytest.mark.parametrize(
    "address", ["64:ff9b::808:808", "2002:808:808::", "::ffff:8.8.8.8", "2606:4700::1111"]
)
def test_ipv6_forms_that_carry_a_public_ipv4_address_stay_allowed(address):
    # An IPv6-only server behind DNS64 sees every IPv4-only site as 64:ff9b::/96.
    assert remote_images._public(address)


def test_only_pictures_on_other_hosts_are_collected(settings):
    settings.SITE_URL = "https://www.example-association.cn"
    body = (
        '<img src="/media/editor/a.png">'
        '<img src="https://www.example-association.cn/media/b.png">'
        '<img src="//mmbiz.qpic.cn/mmbiz_jpg/x/640?wx_fmt=jpeg&amp;from=appmsg">'
        '<img src="data:image/png;base64,AAAA">'
    )
    assert remote_images.remote_sources(body) == [
        "https://mmbiz.qpic.cn/mmbiz_jpg/x/640?wx_fmt=jpeg&from=appmsg"
    ]
