"""Hostile input never makes a 500 (hypothesis property tests).

Every public form (留言, 投稿 with files, 入会申请, 活动报名 and the look-ups) and every
query parameter of every reader page gets unicode, surrogates (as the invalid UTF-8 a
client sends), NUL, huge and negative numbers, repeated parameters, wrong content types
and truncated multipart bodies. A reader page may answer 200 and ignore what it does not
understand; anything refused gets a 4xx page in Chinese, never Django's English one.

Deterministic (`derandomize=True`, no example database) and bounded: the examples run
are counted and printed at the end (`-s` shows them).
"""

import re
from datetime import timedelta
from urllib.parse import quote_from_bytes

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.admin_forms import read_form

pytestmark = pytest.mark.django_db


def fuzz(examples: int):
    """Deterministic, bounded hypothesis settings: `examples` per page or form."""
    return settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


EXAMPLES = {"run": 0}
CJK = re.compile(r"[\u4e00-\u9fff]")
ENGLISH_DEFAULTS = ("Bad Request (400)", "403 Forbidden", "<h1>Not Found</h1>", "Server Error")


@pytest.fixture(scope="module", autouse=True)
def _report_examples():
    yield
    print(f"\nhypothesis examples run in {__name__}: {EXAMPLES['run']}")


@pytest.fixture
def site(db, settings, captcha_and_mailbox):
    """One of each thing a reader can open; the rate limits off, so every example reaches
    the form's own checks (a limited request would only be a 429)."""
    from associations.models import Association, Zone
    from events.models import Event, Registration, new_registration_code
    from news.models import Article, MagazineIssue, Section
    from portal.models import Page
    from submissions.models import Message, new_reference_code

    settings.RATELIMIT_ENABLE = False
    now = timezone.now()
    section = Section.objects.create(name="国家级开发区动态", slug="national")
    article = Article.objects.create(
        title="开发区新闻",
        section=section,
        body="<p>正文。</p>",
        status=Article.Status.PUBLISHED,
        publish_at=now - timedelta(hours=1),
    )
    issue = MagazineIssue.objects.create(year=2026, number=1, title="第一期")
    page = Page.objects.create(
        title="协会简介", slug="about", body="<p>简介。</p>", is_published=True
    )
    zone = Zone.objects.create(
        name="苏州工业园区", province="江苏省", city="苏州市", level=Zone.Level.NATIONAL
    )
    association = Association.objects.create(
        name="江苏省开发区协会", kind=Association.Kind.PROVINCIAL, province="江苏省"
    )
    starts = now + timedelta(days=7)
    event = Event.objects.create(
        title="招商引资培训班",
        body="<p>议程。</p>",
        place="北京",
        starts_at=starts,
        ends_at=starts + timedelta(hours=8),
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=starts - timedelta(hours=1),
        capacity=30,
        status=Event.Status.PUBLISHED,
        publish_at=now - timedelta(days=1),
    )
    registration = Registration.objects.create(
        event=event,
        code=new_registration_code(),
        name="王芳",
        unit="管委会",
        phone="13912345678",
        email="wangfang@example.com",
        status=Registration.Status.CONFIRMED,
    )
    Message.objects.create(
        code=new_reference_code(),
        name="王五",
        phone="13900000000",
        subject="杂志订阅",
        content="如何订阅会刊？",
        status=Message.Status.PUBLISHED,
        reply="请致电秘书处。",
        replied_at=now,
    )
    return {
        "section": section.slug,
        "article": article.pk,
        "issue": issue.pk,
        "page": page.slug,
        "zone": zone.pk,
        "association": association.pk,
        "event": event.pk,
        "code": registration.code,
    }


# (url name, path template, the query parameters the view reads)
READER_PAGES = [
    ("news:home", "/", ()),
    ("news:index", "/news/", ()),
    ("news:section", "/news/{section}/", ("page",)),
    ("news:article", "/articles/{article}/", ()),
    ("news:article_qr", "/articles/{article}/qr.svg", ()),
    ("news:site_map", "/sitemap/", ()),
    ("news:magazine", "/magazine/", ("page",)),
    ("news:magazine_issue", "/magazine/{issue}/", ()),
    ("news:feed_latest", "/feeds/latest/", ()),
    ("news:feed_section", "/feeds/{section}/", ()),
    ("portal:page", "/pages/{page}/", ()),
    ("portal:robots", "/robots.txt", ()),
    ("portal:search", "/search/", ("q", "kind", "section", "from", "to", "page")),
    (
        "associations:zone_list",
        "/zones/",
        ("region", "province", "level", "type", "industry", "q", "page"),
    ),
    ("associations:zone_detail", "/zones/{zone}/", ()),
    (
        "associations:association_list",
        "/associations/",
        ("kind", "region", "province", "member", "q", "page"),
    ),
    ("associations:association_detail", "/associations/{association}/", ()),
    ("events:list", "/events/", ("page",)),
    ("events:detail", "/events/{event}/", ()),
    ("events:ics", "/events/{event}/calendar.ics", ()),
    ("events:arrivals", "/events/{event}/arrivals/", ("code", "page")),
    ("events:lookup", "/events/registration/", ()),
    ("events:done", "/events/registration/done/", ()),
    ("events:checkin", "/events/checkin/{code}/", ()),
    ("submissions:message_board", "/messages/", ("page",)),
    ("submissions:message_new", "/messages/new/", ()),
    ("submissions:message_done", "/messages/new/done/", ()),
    ("submissions:message_lookup", "/messages/lookup/", ("code",)),
    ("submissions:contribute", "/contribute/", ()),
    ("submissions:contribute_done", "/contribute/done/", ()),
    ("submissions:contribute_status", "/contribute/status/", ()),
    ("membership:apply", "/membership/apply/", ()),
    ("membership:done", "/membership/apply/done/", ()),
    ("membership:status", "/membership/status/", ()),
    ("publicforms:recover", "/codes/", ()),
    # 会员专区: what a stranger can reach without signing in (the rest redirects to sign-in)
    ("member:login", "/member/", ()),
    ("member:password_reset", "/member/password/", ()),
    ("member:password_reset_sent", "/member/password/sent/", ()),
    ("member:password_set", "/member/password/MQ/not-a-token/", ()),
    ("member:password_done", "/member/password/done/", ()),
    ("member:home", "/member/home/", ()),
    ("member:certificate", "/member/certificate.pdf", ()),
    ("member:verify", "/member/verify/not-a-token/", ()),
    ("member:invite", "/member/contacts/invite/", ()),
    ("member:entry", "/member/entry/", ()),
    ("member:remove_contact", "/member/contacts/1/remove/", ()),
    ("sitemap", "/sitemap.xml", ()),
    ("sitemap-section", "/sitemap-news.xml", ("p",)),
    ("captcha-refresh", "/captcha/refresh/", ()),
]

# The API (api/): JSON, unknown parameters refused with 400. (url name, path, parameters)
API_ENDPOINTS = [
    ("api:api-root", "/api/v1/", ()),
    ("api:openapi-json", "/api/v1/openapi.json", ()),
    ("api:openapi-view", "/api/v1/docs", ()),
    ("api:example", "/api/v1/example/", ()),
    ("api:list_sections", "/api/v1/sections", ()),
    ("api:list_articles", "/api/v1/articles", ("section", "from", "to", "pinned", "headline", "q")),
    ("api:get_article", "/api/v1/articles/{article}", ()),
    ("api:list_notices", "/api/v1/notices", ()),
    ("api:list_issues", "/api/v1/magazine", ()),
    ("api:get_issue", "/api/v1/magazine/{issue}", ()),
    ("api:list_events", "/api/v1/events", ("when",)),
    (
        "api:list_zones",
        "/api/v1/zones",
        ("region", "province", "level", "type", "industry", "q"),
    ),
    (
        "api:list_associations",
        "/api/v1/associations",
        ("kind", "region", "province", "member", "q"),
    ),
    ("api:get_site", "/api/v1/site", ()),
    ("api:unknown", "/api/v1/nothing/here", ()),
]

# (url name, path template, whether it takes files)
PUBLIC_FORMS = [
    ("submissions:message_new", "/messages/new/", False),
    ("submissions:contribute", "/contribute/", True),
    ("submissions:contribute_status", "/contribute/status/", False),
    ("membership:apply", "/membership/apply/", True),
    ("membership:status", "/membership/status/", False),
    ("events:detail", "/events/{event}/", False),
    ("events:lookup", "/events/registration/", False),
    ("publicforms:recover", "/codes/", False),
    ("member:login", "/member/", False),
    ("member:password_reset", "/member/password/", False),
]

# Not reader pages: the admin, the staff editor's upload, the article count endpoint, the captcha library's images
# and sound (keyed by a random hash) and the development media server.
NOT_FUZZED = {
    "portal:editor_upload",
    "portal:editor_check",
    # the article count takes no input but the id in its path: tests/news/test_view_count.py
    "news:article_views",
    "captcha-image",
    "captcha-image-2x",
    "captcha-audio",
    # POST only (Django's LogoutView behind the 退出登录 button); a GET is a bare 405
    "member:logout",
    # the 简/繁 switch: hostile `next` values and scripts in tests/portal/test_traditional.py
    "portal:script",
    # a member-only article's file behind the permission check:
    # tests/news/test_members_only.py
    "news:attachment",
}


def _url_names(resolver=None, namespace=""):
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_names(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield namespace + entry.name


def test_every_public_url_is_fuzzed():
    """A new public page must join READER_PAGES (and PUBLIC_FORMS if it takes a POST)."""
    fuzzed = {name for name, _, _ in READER_PAGES + API_ENDPOINTS} | NOT_FUZZED
    assert set(_url_names()) - fuzzed == set()


# --- what hostile clients send -------------------------------------------------------------

NASTY_TEXT = [
    "",
    " ",
    "-1",
    "0",
    "-99999999999999999999999",
    "99999999999999999999999999999999",
    "1e309",
    "NaN",
    "inf",
    "0x10",
    "１２",
    "2026-02-30",
    "9999-12-31",
    "0000-01-01",
    "'; DROP TABLE x; --",
    "<script>alert(1)</script>",
    "../../etc/passwd",
    "%",
    "%zz",
    "\x00",
    "a\x00b",
    "\r\nSet-Cookie: x=1",
    "开发区",
    "\u202e\u200b\ufeff",
    "𠮷" * 3,
    "A" * 5000,
]
# Raw bytes as a client can put them on the wire: invalid UTF-8, an encoded surrogate
# (which Python's text strategies never produce), NUL, overlong forms.
NASTY_BYTES = [b"\xed\xa0\x80", b"\xff\xfe", b"\xc0\xaf", b"\x00", b"\x80abc", b"\xe5\xbc"]

text_value = st.one_of(
    st.sampled_from(NASTY_TEXT),
    st.text(st.characters(exclude_categories=()), max_size=40),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
)
raw_value = st.one_of(
    text_value.map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.sampled_from(NASTY_BYTES),
    st.binary(max_size=20),
)


def _query(pairs) -> str:
    return "&".join(f"{quote_from_bytes(k)}={quote_from_bytes(v)}" for k, v in pairs)


def _pairs(names):
    name = st.one_of(
        st.sampled_from([*names, "page", "utm_source"]).map(str.encode),
        raw_value,
    )
    return st.lists(st.tuples(name, raw_value), max_size=6)


def _check(response, what):
    EXAMPLES["run"] += 1
    status = response.status_code
    exc = getattr(response, "exc_info", None)
    assert status < 500, f"{what} → {status}: {exc[1] if exc else ''!r}"
    if 400 <= status < 500 and "html" in response.get("Content-Type", ""):
        text = response.content.decode("utf-8", "replace")
        assert not any(english in text for english in ENGLISH_DEFAULTS), f"{what}: {text[:300]}"
        assert CJK.search(text), f"{what}: {status} without a Chinese message"


def _client():
    return Client(raise_request_exception=False, HTTP_USER_AGENT="fuzz")


def _request(send):
    """One request in a savepoint rolled back after it: each example starts from the
    same site and a failing query cannot spoil the next one."""
    with transaction.atomic():
        response = send()
        transaction.set_rollback(True)
    return response


@pytest.mark.parametrize(("name", "path", "params"), READER_PAGES, ids=[p[0] for p in READER_PAGES])
@fuzz(4)
@given(pairs=st.data())
def test_reader_pages_take_any_query_string(site, name, path, params, pairs):
    url = path.format(**site)
    query = _query(pairs.draw(_pairs(params)))
    _check(_request(lambda: _client().get(f"{url}?{query}")), f"GET {url}?{query}")


@pytest.mark.parametrize(
    ("name", "path", "params"), API_ENDPOINTS, ids=[p[0] for p in API_ENDPOINTS]
)
@fuzz(6)
@given(pairs=st.data())
def test_api_takes_any_query_string(site, name, path, params, pairs):
    """Any query string: a 200, or a 4xx in JSON whose `detail` is Chinese, never a 500."""
    url = path.format(**site)
    query = _query(pairs.draw(_pairs(params)))
    response = _request(lambda: _client().get(f"{url}?{query}"))
    _check(response, f"GET {url}?{query}")
    if response.status_code >= 400:
        assert response["Content-Type"].startswith("application/json"), f"{url}?{query}"
        assert CJK.search(response.json()["detail"]), f"{url}?{query}"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/articles/{}",
        "/api/v1/magazine/{}",
        "/news/{}/",
        "/pages/{}/",
        "/feeds/{}/",
        "/events/checkin/{}/",
        "/sitemap-{}.xml",
        "/articles/{}/",
    ],
)
@fuzz(5)
@given(segment=raw_value.filter(lambda b: b.strip(b"/")))
def test_path_segments_take_any_text(site, path, segment):
    url = path.format(quote_from_bytes(segment, safe=""))
    _check(_request(lambda: _client().get(url)), f"GET {url}")


# --- public forms --------------------------------------------------------------------------


def _plausible(name: str, kind: str, options: list[str]) -> str:
    """A value the form would take, so that examples also reach the save."""
    if options:
        return next((o for o in options if o), "")
    if kind == "checkbox":
        return "on"
    if kind == "email" or "email" in name:
        return "wang@example.com"
    if "phone" in name or name == "contact":
        return "13912345678"
    if name == "captcha_1":
        return "PASSED"
    if name in ("website",):
        return ""
    return "开发区测试内容"


_FIELDS: dict[str, dict[str, str]] = {}


def _form_fields(client, url):
    """The form's fields with a plausible value each (read once per page)."""
    if url not in _FIELDS:
        _FIELDS[url] = _read_fields(client, url)
    return _FIELDS[url]


def _read_fields(client, url):
    form = read_form(client.get(url).content.decode())
    fields = {}
    for name, kind in form.kinds.items():
        if name == "csrfmiddlewaretoken" or kind in ("submit", "hidden") and name != "captcha_0":
            continue
        fields[name] = _plausible(name, kind, form.options.get(name, []))
    return fields


def _upload(pdf):
    from django.core.files.uploadedfile import SimpleUploadedFile

    names = st.sampled_from(
        ["稿件.pdf", "a.pdf", "x" * 300 + ".pdf", "../../etc/passwd", "a\x00.pdf", ".pdf", "文件"]
    )
    contents = st.one_of(st.just(pdf), st.binary(max_size=200), st.just(b""))
    kinds = st.sampled_from(["application/pdf", "text/html", "application/octet-stream"])
    return st.builds(SimpleUploadedFile, names, contents, kinds)


def draw_post(data, fields: dict) -> dict:
    """Each of the form's fields good, nasty, missing or repeated."""
    post = {}
    for field, good in fields.items():
        choice = data.draw(st.sampled_from(["good", "nasty", "missing", "repeated"]), field)
        if choice == "good":
            post[field] = good
        elif choice == "nasty":
            post[field] = data.draw(text_value.map(lambda s: s.replace("\udcff", "")), field)
        elif choice == "repeated":
            post[field] = [good, data.draw(text_value, field)]
    return post


@pytest.mark.parametrize(("name", "path", "files"), PUBLIC_FORMS, ids=[f[0] for f in PUBLIC_FORMS])
@fuzz(8)
@given(data=st.data())
def test_public_forms_take_any_post(site, pdf_bytes, name, path, files, data):
    url = path.format(**site)
    client = _client()
    post = draw_post(data, _form_fields(client, url))
    for extra, value in data.draw(st.lists(st.tuples(text_value, text_value), max_size=2)):
        post.setdefault(extra or "_", value)
    if files:
        post["attachments"] = data.draw(st.lists(_upload(pdf_bytes), max_size=3), "files")
        # tokens of files kept from a refused submit (publicforms.kept): forged, foreign
        post["attachments__kept"] = data.draw(st.lists(text_value, max_size=3), "kept")

    def send():
        try:
            return client.post(url, _encodable(post))
        finally:
            client.cookies.clear()

    _check(_request(send), f"POST {url} {post!r:.300}")


def _encodable(post):
    """The test client encodes text as UTF-8 (a browser never sends a lone surrogate in a
    form field); surrogates go through `raw` in the query-string tests instead."""

    def clean(value):
        if isinstance(value, str):
            return value.encode("utf-8", "replace").decode("utf-8")
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    return {clean(k): clean(v) for k, v in post.items()}


def _multipart(fields: dict, boundary: str) -> bytes:
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        )
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="attachments"; '
        f'filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4 junk\r\n'
    )
    parts.append(f"--{boundary}--\r\n")
    return "".join(parts).encode()


CONTENT_TYPES = [
    "application/json",
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=gbk",
    "application/x-www-form-urlencoded; charset=nonsense",
    "multipart/form-data",
    "multipart/form-data; boundary=",
    "multipart/form-data; boundary=zzz",
    "multipart/mixed; boundary=zzz",
    "application/xml",
    "",
]


@pytest.mark.parametrize(("name", "path", "files"), PUBLIC_FORMS, ids=[f[0] for f in PUBLIC_FORMS])
@fuzz(5)
@given(
    content_type=st.sampled_from(CONTENT_TYPES),
    body=st.one_of(st.binary(max_size=300), st.just(b'{"name": "\\u0000"}')),
    cut=st.floats(min_value=0, max_value=1),
    truncated=st.booleans(),
)
def test_public_forms_take_any_body(site, name, path, files, content_type, body, cut, truncated):
    """Wrong content types, garbage bodies, and a real multipart body cut short."""
    url = path.format(**site)
    client = _client()
    if truncated:
        fields = _form_fields(client, url)
        content_type = "multipart/form-data; boundary=zzz"
        whole = _multipart(fields, "zzz")
        body = whole[: int(len(whole) * cut)]
    response = _request(lambda: client.generic("POST", url, body, content_type=content_type))
    _check(response, f"POST {url} [{content_type}] {body[:80]!r}")
