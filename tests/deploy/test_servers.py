"""Two app servers behind nginx (deploy/nginx/portal.conf), sharing PostgreSQL, Redis and
object storage (moto's S3 server): whichever server answers, readers and editors see the
same site, limits count once, and stopping one server loses nothing.

Started for real by the `cluster` fixture (tests/deploy/cluster.py); clients connect from
different loopback addresses (127.0.0.2, …), which nginx passes on as X-Real-IP.
"""

import io
import re
import threading
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from editorial.roles import PUBLISHER
from news.models import Article, Section
from submissions.models import Message, Submission
from tests.admin_forms import read_form
from tests.deploy.cluster import (
    DEPLOY,
    PRIVATE_BUCKET,
    PUBLIC_BUCKET,
    AppServer,
    Cluster,
    wait_until,
)

PASSWORD = "pass-for-tests-123"


def _staff(username, *, superuser=False):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, is_staff=True, is_superuser=superuser
    )
    if not superuser:
        user.groups.add(Group.objects.get(name=PUBLISHER))
    return user


def _login(site, session, username):
    page = site.get(session, "/admin/login/")
    assert page.status_code == 200
    form = read_form(page.text).data
    form.update(username=[username], password=[PASSWORD])
    response = site.post(session, "/admin/login/?next=/admin/", data=form)
    assert response.status_code == 302, response.text[:500]
    return response


def _until_both(site, fetch, *, tries=12):
    """Call `fetch()` (returning a response) until both servers have answered once;
    every response is returned."""
    responses, nudge = [], site.client()
    for n in range(tries):
        responses.append(fetch())
        if {site.served_by(r) for r in responses} >= {"A", "B"}:
            return responses
        if n % 2:  # nginx takes turns: a fetch of two requests would always end on one
            site.get(nudge, "/healthz")
    raise AssertionError("nginx never sent a request to both servers")


def _png(size=(900, 600), colour=(30, 110, 200)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def _add_article(site, session, section, *, title, files=None, **fields):
    """The publisher's admin form, as a browser posts it."""
    page = site.get(session, "/admin/news/article/add/")
    assert page.status_code == 200
    form = read_form(page.text).data
    now = timezone.localtime()
    form.update(
        title=[title],
        section=[str(section.pk)],
        author=["记者"],
        body=["<p>全国开发区工作会议通知正文。</p>"],
        status=["published"],
        publish_at_0=[now.strftime("%Y-%m-%d")],
        publish_at_1=[(now - timezone.timedelta(minutes=1)).strftime("%H:%M:%S")],
        **fields,
    )
    response = site.post(session, "/admin/news/article/add/", data=form, files=files)
    assert response.status_code == 302, response.text[:2000]
    return response


@pytest.fixture
def section(transactional_db):
    return Section.objects.create(name="通知公告", slug="notices", kind=Section.Kind.LIST)


# --- the configuration itself ----------------------------------------------------------


def test_nginx_accepts_every_request_the_site_accepts():
    conf = (DEPLOY / "portal.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))
    largest = max(settings.REQUEST_BODY_LIMITS.values())
    # nginx lets through what the site refuses itself (in Chinese), and not much more.
    assert largest <= megabytes * 1024 * 1024 <= largest + 10 * 1024 * 1024


@pytest.mark.django_db
def test_both_media_variants_pass_nginx_t():
    servers = Cluster("postgres://unused/x", s3=False)
    try:
        servers.make_certificate()
        servers.s3_port, servers.s3_endpoint = 9, "http://127.0.0.1:9"
        servers.apps = [AppServer(name, 9, {}, servers.dir / "unused.log") for name in "AB"]
        for media in ("disk", "s3"):
            result = servers.nginx_test(media=media)
            assert result.returncode == 0, result.stderr
    finally:
        servers.close()


# --- through nginx, two servers --------------------------------------------------------


def test_pages_static_files_and_headers_through_nginx(site):
    reader = site.client("127.0.0.2")
    home = _until_both(site, lambda: site.get(reader, "/", past_nginx=True))
    assert all(r.status_code == 200 for r in home)
    # nginx serves collectstatic's hashed files itself, cached for a year.
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', home[0].text).group(1)
    static = site.get(reader, css)
    assert static.status_code == 200
    assert static.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert site.served_by(static) is None  # not an app server
    # The site knows it is behind HTTPS (X-Forwarded-Proto): no redirect loop, HSTS sent.
    assert "Strict-Transport-Security" in home[0].headers
    # Plain HTTP to nginx's HTTPS port is refused by nginx, not passed on.
    assert site.get(reader, "/healthz").json()["status"] == "ok"


def test_a_message_records_the_address_nginx_saw_not_a_forged_one(site, captcha):
    reader = site.client("127.0.0.7")
    form = read_form(site.get(reader, "/messages/new/").text).data
    form.update(_message("地址测试"))
    response = site.post(
        reader,
        "/messages/new/",
        data=form,
        headers={"X-Real-IP": "203.0.113.9", "X-Forwarded-For": "203.0.113.9"},
    )
    assert response.status_code == 302
    assert Message.objects.get(subject="地址测试").ip_address == "127.0.0.7"


def test_a_publish_reaches_readers_through_nginx_within_three_seconds_on_both_servers(
    site, section
):
    _staff("publisher")
    reader = site.client("127.0.0.3")
    title = "关于召开全国开发区工作会议的通知"
    paths = ("/", section.get_absolute_url())
    # Both servers and nginx have the section page and home page cached without it.
    for path in paths:
        for response in _until_both(
            site, lambda path=path: site.get(reader, path, past_nginx=True)
        ):
            assert response.status_code == 200 and title not in response.text
        site.get(reader, path)
        cached = site.get(reader, path)
        assert cached.headers["X-Proxy-Cache"] == "HIT" and title not in cached.text
    editor = site.client("127.0.0.4")
    _login(site, editor, "publisher")
    saved = _add_article(site, editor, section, title=title)
    published = time.monotonic()
    wrote_on = site.served_by(saved)
    # Behind nginx, every next request, whichever server answers, shows it at once.
    for path in paths:
        responses = _until_both(site, lambda path=path: site.get(reader, path, past_nginx=True))
        assert all(title in r.text for r in responses)
    # Through nginx: within its 1 s validity (counted in whole seconds, so up to 2 s) plus
    # one rebuild, and from then on always.
    for path in paths:
        while title not in site.get(reader, path).text:
            assert time.monotonic() - published < 3.0, f"{path} still old after 3 s"
            time.sleep(0.05)
    for path in paths:
        assert all(title in site.get(reader, path).text for _ in range(5))
    article = Article.objects.get(title=title)
    other = _until_both(site, lambda: site.get(reader, article.get_absolute_url(), past_nginx=True))
    assert {site.served_by(r) for r in other} - {wrote_on}
    assert all(r.status_code == 200 and title in r.text for r in other)
    # The editor's session is good on both servers (kept in the database, not a process).
    admin_pages = _until_both(site, lambda: site.get(editor, "/admin/"))
    assert all(r.status_code == 200 and "publisher" in r.text for r in admin_pages)


def _message(subject):
    return {
        "name": ["张三"],
        "phone": ["13812345678"],
        "email": ["zhangsan@example.com"],
        "subject": [subject],
        "content": ["请问我单位如何申请加入协会？需要哪些材料？"],
        "website": [""],
        "captcha_1": ["PASSED"],
    }


@pytest.fixture
def captcha(transactional_db):
    from portal.models import SiteSettings

    site_settings = SiteSettings.load()
    site_settings.contact_email = "office@example.org"
    site_settings.save()


def test_the_message_rate_limit_counts_across_servers_per_real_client(site, captcha):
    limit = int(settings.SUBMISSIONS_MESSAGE_RATE.split("/")[0])
    reader = site.client("127.0.0.5")
    answers, servers = [], set()
    for n in range(limit + 1):
        if n % 2:  # nginx takes turns: one more request, and the POSTs alternate too
            site.get(reader, "/healthz")
        form = read_form(site.get(reader, "/messages/new/").text).data
        form.update(_message(f"留言{n}"))
        # A forged address changes nothing: nginx replaces X-Real-IP.
        response = site.post(
            reader, "/messages/new/", data=form, headers={"X-Real-IP": f"10.1.1.{n}"}
        )
        answers.append(response.status_code)
        servers.add(site.served_by(response))
    assert servers == {"A", "B"}
    assert answers == [302] * limit + [429]
    assert Message.objects.count() == limit
    # Another reader (another address) is not limited by the first one's messages.
    other = site.client("127.0.0.6")
    form = read_form(site.get(other, "/messages/new/").text).data
    form.update(_message("另一位读者"))
    assert site.post(other, "/messages/new/", data=form).status_code == 302


def test_the_admin_lock_out_counts_across_servers_per_real_client(site):
    _staff("publisher")
    attacker = site.client("127.0.0.8")
    answers, servers = [], set()
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        if n % 2:  # nginx takes turns: one more request, and the POSTs alternate too
            site.get(attacker, "/healthz")
        form = read_form(site.get(attacker, "/admin/login/").text).data
        form.update(username=["publisher"], password=["wrong-password"])
        response = site.post(attacker, "/admin/login/?next=/admin/", data=form)
        answers.append(response.status_code)
        servers.add(site.served_by(response))
    assert servers == {"A", "B"}
    assert answers[: settings.AXES_FAILURE_LIMIT - 1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert answers[-1] == 429
    # Locked out even with the right password, on either server…
    for response in _until_both(site, lambda: _try_login(site, attacker)):
        assert response.status_code == 429
    # …while the same user from another address logs in.
    _login(site, site.client("127.0.0.9"), "publisher")


def _try_login(site, session):
    form = read_form(site.get(session, "/admin/login/").text).data
    form.update(username=["publisher"], password=[PASSWORD])
    return site.post(session, "/admin/login/?next=/admin/", data=form)


# --- object storage --------------------------------------------------------------------


def test_a_cover_uploaded_on_one_server_renders_from_object_storage_on_the_other(site, section):
    _staff("publisher")
    editor = site.client("127.0.0.10")
    _login(site, editor, "publisher")
    saved = _add_article(
        site,
        editor,
        section,
        title="园区航拍",
        files={"cover": ("航拍.png", _png(), "image/png")},
        is_slide=["on"],
    )
    article = Article.objects.get(title="园区航拍")
    assert article.cover.name and article.cover_list.name
    # Nothing on the servers' disk; the re-encoded cover and its renditions are in the bucket.
    assert not any((site.dir / "media").rglob("*.*"))
    keys = {o["Key"] for o in site.s3_client().list_objects_v2(Bucket=PUBLIC_BUCKET)["Contents"]}
    assert f"media/{article.cover.name}" in keys and f"media/{article.cover_list.name}" in keys
    reader = site.client("127.0.0.11")
    # The home page's slide, the news page's card and the article's share image, as the
    # server that did not store them renders them.
    stored_on = site.served_by(saved)
    images = set()
    for path in ("/", "/news/", article.get_absolute_url()):
        pages = _until_both(site, lambda path=path: site.get(reader, path, past_nginx=True))
        other = next(r for r in pages if site.served_by(r) != stored_on)
        images |= set(re.findall(rf"{re.escape(site.base)}/media/covers/[^\"\s,]+", other.text))
    # The pages show the cover's renditions (made once on upload, stored beside it, in
    # WebP and in the original's format) in src and srcset.
    assert images and any(".webp" in url for url in images)
    for url in images:
        image = site.get(reader, url)  # through nginx's /media/, from the bucket
        assert image.status_code == 200 and image.headers["Content-Type"].startswith("image/")
        with Image.open(io.BytesIO(image.content)) as picture:
            assert picture.format in {"JPEG", "PNG", "WEBP"} and picture.width <= 2400
    acl = site.s3_client().get_object_acl(Bucket=PUBLIC_BUCKET, Key=f"media/{article.cover.name}")
    assert any(g["Grantee"].get("URI", "").endswith("/AllUsers") for g in acl["Grants"])


def test_a_contributors_file_is_private_and_reaches_staff_only(site, captcha, pdf_bytes):
    contributor = site.client("127.0.0.12")
    form = read_form(site.get(contributor, "/contribute/").text).data
    form.update(
        title=["园区数字化转型的实践"],
        author=["李四"],
        organization=["某经济技术开发区管委会"],
        phone=["010-60001234"],
        email=["lisi@example.com"],
        section=["other"],
        body=["第一段正文。"],
        consent=["on"],
        website=[""],
        captcha_1=["PASSED"],
    )
    files = {"attachments": ("调研报告.pdf", pdf_bytes, "application/pdf")}
    assert site.post(contributor, "/contribute/", data=form, files=files).status_code == 302
    attachment = Submission.objects.get().attachments.get()
    name = attachment.file.name
    # In the private bucket, without any public grant; not in the public one.
    s3 = site.s3_client()
    stored = s3.get_object(Bucket=PRIVATE_BUCKET, Key=f"private/{name}")["Body"].read()
    assert stored == pdf_bytes
    acl = s3.get_object_acl(Bucket=PRIVATE_BUCKET, Key=f"private/{name}")
    assert not any("AllUsers" in g["Grantee"].get("URI", "") for g in acl["Grants"])
    assert not any((site.dir / "private").rglob("*.*"))
    # Guessing addresses through the site finds nothing.
    stranger = site.client("127.0.0.13")
    for guess in (
        f"/media/{name}",
        f"/media/private/{name}",
        f"/media/../private/{name}",
        f"/private/{name}",
        f"/media/%2e%2e/{PRIVATE_BUCKET}/private/{name}",
        "/media/?list-type=2",
    ):
        response = site.get(stranger, guess)
        assert response.status_code in (400, 404), guess
        assert pdf_bytes not in response.content
    download = reverse("admin:submissions_attachment_download", args=[attachment.pk])
    refused = site.get(stranger, download)
    assert refused.status_code == 302 and "/admin/login/" in refused.headers["Location"]
    # Staff download it through the admin, from either server.
    _staff("boss", superuser=True)
    staff = site.client("127.0.0.14")
    _login(site, staff, "boss")
    for response in _until_both(site, lambda: site.get(staff, download)):
        assert response.status_code == 200 and response.content == pdf_bytes
        assert "no-store" in response.headers["Cache-Control"]


# --- one server stops; then both --------------------------------------------------------


def test_stopping_one_server_mid_run_loses_no_get_and_no_accepted_post(site, captcha, section):
    stop = threading.Event()
    gets, posts = [], []
    readers = [site.client(f"127.0.1.{n}") for n in range(1, 3)]

    def read(session):
        while not stop.is_set():
            response = site.get(session, section.get_absolute_url())
            gets.append(response.status_code)

    def write(worker):
        n = 0
        while not stop.is_set():
            n += 1
            # A new address for each message: the rate limit is not what is tested here.
            session = site.client(f"127.0.{2 + worker}.{n % 250 + 1}")
            form = read_form(site.get(session, "/messages/new/").text).data
            subject = f"故障切换{worker}-{n}"
            form.update(_message(subject))
            try:
                response = site.post(session, "/messages/new/", data=form)
                posts.append((subject, response.status_code))
            except Exception as exc:  # noqa: BLE001 - a lost connection is a lost POST
                posts.append((subject, repr(exc)))

    threads = [threading.Thread(target=read, args=(r,)) for r in readers]
    threads += [threading.Thread(target=write, args=(w,)) for w in range(2)]
    for thread in threads:
        thread.start()
    try:
        wait_until(lambda: len(gets) >= 6 and len(posts) >= 3, timeout=90, what="the clients")
        ran = len(gets), len(posts)
        site.apps[0].stop()  # server A: systemctl stop (SIGTERM, graceful) mid-run
        wait_until(
            lambda: len(gets) >= ran[0] + 10 and len(posts) >= ran[1] + 5,
            timeout=90,
            what="the clients after the stop",
        )
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    assert gets and set(gets) == {200}, gets
    accepted = [subject for subject, status in posts if status == 302]
    refused = [(subject, status) for subject, status in posts if status != 302]
    # A POST is never sent to a second server once the first may have seen it, so one
    # that was waiting in the stopped server's queue is refused (502, the Chinese page)
    # rather than stored twice; with a graceful stop that is rare, and it is not stored.
    assert all(status == 502 for _subject, status in refused), refused
    assert len(refused) <= 2, refused
    # Every accepted message is stored, once; no refused one is.
    assert sorted(Message.objects.values_list("subject", flat=True)) == sorted(accepted)


# --- nginx's page cache -----------------------------------------------------------------


def _never_requested() -> str:
    """A reader page nobody has asked for yet: a search for a new word."""
    return f"/search/?q=cache{uuid.uuid4().hex[:12]}"


def test_readers_get_nginxs_copy_and_junk_parameters_pass_without_filling_it(site):
    reader = site.client("127.0.0.20")
    path = _never_requested()
    first, second = site.get(reader, path), site.get(reader, path)
    assert (first.headers["X-Proxy-Cache"], second.headers["X-Proxy-Cache"]) == ("MISS", "HIT")
    assert site.served_by(second) is None and second.text == first.text
    # A parameter no reader page reads is passed on, never stored: the app drops it and
    # answers from its own cache.
    for _ in range(2):
        junk = site.get(reader, f"{path}&utm_source=wechat")
        assert junk.status_code == 200 and junk.headers["X-Proxy-Cache"] == "MISS"
        assert junk.headers["X-Page-Cache"] == "hit" and site.served_by(junk)
    # Forms and the admin pass by.
    for form in ("/messages/new/", "/admin/login/"):
        assert site.get(reader, form).headers["X-Proxy-Cache"] == "BYPASS"


def test_nginx_keeps_a_compressed_copy_and_a_plain_one(site):
    reader = site.client("127.0.0.26")
    path = _never_requested()
    for encoding, expected in (("gzip, deflate, br", "gzip"), ("identity", None)):
        headers = {"Accept-Encoding": encoding}
        first = site.get(reader, path, headers=headers, stream=True)
        second = site.get(reader, path, headers=headers, stream=True)
        assert (first.headers["X-Proxy-Cache"], second.headers["X-Proxy-Cache"]) == ("MISS", "HIT")
        assert second.headers.get("Content-Encoding") == expected
        assert "搜索" in second.content.decode()  # requests un-gzips the body


def test_simplified_and_traditional_readers_each_get_their_own_copy_from_nginx(site):
    path = _never_requested()
    hans, hant = site.client("127.0.0.27"), site.client("127.0.0.28")
    hant.cookies.set("script", "hant")
    # Cookies that nginx and the app could read differently: quoted (the app unquotes
    # it), or twice (nginx reads the first, the app the last). Their answers are sent
    # but never stored, so they cannot put one script's page under the other's key.
    for cookie in ('script="hant"', "script=hant; script=x"):
        odd = site.get(site.client("127.0.0.29"), path, headers={"Cookie": cookie})
        assert odd.status_code == 200 and odd.headers["X-Proxy-Cache"] == "MISS"
    for expected in ("MISS", "HIT"):
        simplified, traditional = site.get(hans, path), site.get(hant, path)
        assert simplified.headers["X-Proxy-Cache"] == traditional.headers["X-Proxy-Cache"]
        assert traditional.headers["X-Proxy-Cache"] == expected
        assert "欢迎访问" in simplified.text and "歡迎訪問" not in simplified.text
        assert "歡迎訪問" in traditional.text and 'lang="zh-Hant"' in traditional.text
        assert traditional.headers["Content-Language"] == "zh-Hant"
    # Any other value is simplified, for nginx as for the app.
    other = site.get(site.client("127.0.0.29"), path, headers={"Cookie": "script=HANT"})
    assert other.headers["X-Proxy-Cache"] == "HIT" and other.text == simplified.text


def test_a_logged_in_editor_never_gets_nor_leaves_a_cached_copy(site, section):
    _staff("publisher")
    reader = site.client("127.0.0.21")
    cached, fresh = _never_requested(), _never_requested()
    site.get(reader, cached)
    assert site.get(reader, cached).headers["X-Proxy-Cache"] == "HIT"
    editor = site.client("127.0.0.22")
    _login(site, editor, "publisher")
    for path in (cached, fresh):
        response = site.get(editor, path)
        assert response.status_code == 200 and response.headers["X-Proxy-Cache"] == "BYPASS"
        assert "private" in response.headers["Cache-Control"] and site.served_by(response)
    # What the editor was sent was not kept: the first reader of `fresh` still misses.
    assert site.get(reader, fresh).headers["X-Proxy-Cache"] == "MISS"


def test_a_flash_message_never_enters_nginxs_cache(site, section):
    _staff("publisher")
    editor = site.client("127.0.0.23")
    _login(site, editor, "publisher")
    _add_article(site, editor, section, title="闪现消息测试")
    flash = editor.cookies.get("messages")
    assert flash, "the admin's 添加成功 message travels in the messages cookie"
    carrier = site.client("127.0.0.24")  # the cookie without the session
    carrier.cookies.set("messages", flash)
    path = _never_requested()
    response = site.get(carrier, path)
    assert response.headers["X-Proxy-Cache"] == "BYPASS"
    assert "private" in response.headers["Cache-Control"]
    reader = site.client("127.0.0.25")
    for expected in ("MISS", "HIT"):
        page = site.get(reader, path)
        assert page.headers["X-Proxy-Cache"] == expected and "闪现消息测试" not in page.text


# Last: it stops both servers, and nginx then leaves them alone for 10 s.
def test_every_server_down_shows_the_last_copy_or_the_chinese_maintenance_page(site):
    reader = site.client("127.0.0.15")
    assert site.get(reader, "/").status_code == 200
    for app in site.apps:
        app.stop()
    time.sleep(2.1)  # past nginx's validity (1 s, counted in whole seconds: up to 2 s)
    # nginx keeps serving the copy it has…
    kept = site.get(reader, "/")
    assert kept.status_code == 200 and kept.headers["X-Proxy-Cache"] == "STALE"
    # …and a page it has no copy of gets the Chinese page.
    response = site.get(reader, _never_requested())
    assert response.status_code == 502
    assert response.headers["Content-Type"].startswith("text/html")
    response.encoding = "utf-8"
    assert "网站暂时无法访问" in response.text and "请稍候" in response.text
    assert response.text == (Path(DEPLOY) / "errors" / "50x.html").read_text()
