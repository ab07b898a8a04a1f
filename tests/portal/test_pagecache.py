"""The whole-page cache for anonymous readers: fast, but never stale or personal."""

import pytest
from django.core.cache import cache

from portal.models import Page, SiteSettings

pytestmark = pytest.mark.django_db


def test_second_visit_is_served_from_cache_and_an_edit_shows_at_once(client, make_page):
    page = make_page(slug="about", title="协会简介", body="<p>旧的介绍</p>")
    assert client.get("/pages/about/")["X-Page-Cache"] == "miss"
    assert client.get("/pages/about/")["X-Page-Cache"] == "hit"
    page.body = "<p>新的介绍</p>"
    page.save()
    html = client.get("/pages/about/").content.decode()
    assert "新的介绍" in html and "旧的介绍" not in html


def test_site_settings_change_refreshes_every_cached_page(client, make_page):
    make_page(slug="about")
    client.get("/pages/about/")
    site = SiteSettings.load()
    site.icp_number = "京ICP备99999999号"
    site.save()
    assert "京ICP备99999999号" in client.get("/pages/about/").content.decode()


def test_admin_bulk_unpublish_refreshes_cached_pages(client, superuser, make_page):
    page = make_page(slug="about")
    assert client.get("/pages/about/").status_code == 200
    staff = client.__class__()
    staff.force_login(superuser)
    staff.post(
        "/admin/portal/page/",
        {"action": "unpublish", "_selected_action": [page.pk]},
    )
    assert not Page.objects.get(pk=page.pk).is_published
    assert client.get("/pages/about/").status_code == 404


def test_pages_with_a_form_are_never_cached(client):
    client.get("/messages/new/")
    assert "X-Page-Cache" not in client.get("/messages/new/")


def test_not_found_is_not_cached(client):
    assert client.get("/pages/missing/").status_code == 404
    assert "X-Page-Cache" not in client.get("/pages/missing/")


def test_cached_page_keeps_security_headers(client, make_page):
    make_page(slug="about")
    client.get("/pages/about/")
    response = client.get("/pages/about/")
    assert response["X-Page-Cache"] == "hit"
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_reader_pages_never_show_flash_messages_and_cache_nothing_for_them(reader, make_page):
    """Flash messages belong to the admin: a signed `messages` cookie replayed on a
    reader page shows nothing and stores nothing (security review, item 5)."""
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message as Flash
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import Client, RequestFactory

    make_page(slug="about")
    attacker = Client()
    attacker.cookies["messages"] = CookieStorage(RequestFactory().get("/"))._encode(
        [Flash(constants.INFO, "本站已迁移，请访问 evil.example")]
    )
    for url in ("/", "/pages/about/", "/zones/", "/messages/"):
        response = attacker.get(url)
        assert "本站已迁移" not in response.content.decode(), url
        assert "X-Page-Cache" not in response, url
        assert "本站已迁移" not in reader.get(url).content.decode(), url


def test_unknown_query_parameters_neither_reach_the_view_nor_add_cache_entries(reader):
    first = reader.get("/zones/?level=national")
    assert first["X-Page-Cache"] == "miss"
    for junk in range(5):
        response = reader.get(f"/zones/?utm_source=x{junk}&level=national&empty=")
        assert response["X-Page-Cache"] == "hit"
    assert reader.get("/zones/?level=provincial")["X-Page-Cache"] == "miss"
    # the same filters in another order are the same page
    assert reader.get("/zones/?page=1&level=national")["X-Page-Cache"] == "miss"
    assert reader.get("/zones/?level=national&page=1")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("url", ["/zones/", "/associations/", "/search/"])
def test_a_nul_character_in_a_reader_query_is_dropped_not_a_500(reader, url):
    # PostgreSQL cannot compare text holding NUL: `?q=园%00区` used to be a 500.
    response = reader.get(url, {"q": "园\x00区"})
    assert response.status_code == 200
    assert "园区" in response.content.decode()


# The cache-hit path in front of the middleware (portal.pagecache.PageCacheMiddleware).


def _session_middleware_must_not_run(monkeypatch):
    from django.contrib.sessions.middleware import SessionMiddleware

    def refuse(self, request):
        raise AssertionError("a cache hit reached SessionMiddleware")

    monkeypatch.setattr(SessionMiddleware, "process_request", refuse)


def test_a_hit_is_answered_before_sessions_with_the_stored_security_headers(
    reader, make_page, monkeypatch
):
    make_page(slug="about", title="协会简介")
    first = reader.get("/pages/about/")
    assert first["X-Page-Cache"] == "miss"
    _session_middleware_must_not_run(monkeypatch)
    hit = reader.get("/pages/about/")
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content == first.content and "协会简介" in hit.content.decode()
    for header in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Type",
    ):
        assert hit[header] == first[header], header
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert hit["Content-Length"] == str(len(hit.content))


@pytest.mark.parametrize(
    "personal",
    [
        {"cookie": ("sessionid", "abc")},
        {"cookie": ("messages", "abc")},
        {"header": {"HTTP_AUTHORIZATION": "Basic dXNlcjpwYXNz"}},
    ],
    ids=["session-cookie", "messages-cookie", "authorization"],
)
def test_a_request_with_personal_state_is_never_served_a_cached_page(reader, make_page, personal):
    from django.test import Client

    make_page(slug="about")
    reader.get("/pages/about/")
    assert reader.get("/pages/about/")["X-Page-Cache"] == "hit"
    other = Client()
    if "cookie" in personal:
        name, value = personal["cookie"]
        other.cookies[name] = value
    response = other.get("/pages/about/", **personal.get("header", {}))
    assert response.status_code == 200
    assert "X-Page-Cache" not in response  # built for this request, not stored


def test_a_post_never_gets_a_cached_page(reader, make_page):
    make_page(slug="about")
    reader.get("/pages/about/")
    response = reader.post("/pages/about/")
    assert response.status_code == 405 and "X-Page-Cache" not in response


def test_a_stored_copy_under_an_admin_url_is_never_served(reader, superuser):
    """Only URLs whose view is a reader_page are answered from the cache: even a page
    planted under the admin's key is not served."""
    from django.core.cache import cache
    from django.test import RequestFactory

    from portal import freshness, pagecache

    request = RequestFactory().get("/admin/login/")
    cache.set(
        pagecache.page_key(request),
        (freshness.version(), b"planted", [("Content-Type", "text/html")]),
        300,
    )
    response = reader.get("/admin/login/")
    assert response.status_code == 200
    assert b"planted" not in response.content and "X-Page-Cache" not in response


def test_a_copy_built_under_an_older_content_version_is_not_served(reader, make_page):
    from django.core.cache import cache
    from django.test import RequestFactory

    from portal import freshness, pagecache

    make_page(slug="about", title="协会简介")
    key = pagecache.page_key(RequestFactory().get("/pages/about/"))
    cache.set(key, (freshness.version() - 1, b"old copy", [("Content-Type", "text/html")]), 300)
    response = reader.get("/pages/about/")
    assert response["X-Page-Cache"] == "miss" and "协会简介" in response.content.decode()


def test_a_host_not_allowed_gets_400_not_a_cached_page(reader, make_page):
    make_page(slug="about")
    reader.get("/pages/about/")
    response = reader.get("/pages/about/", HTTP_HOST="evil.example")
    assert response.status_code == 400


def test_with_https_redirect_on_a_plain_http_request_is_redirected_not_served(
    reader, make_page, settings
):
    from django.test import Client

    make_page(slug="about")
    reader.get("/pages/about/", secure=True)
    settings.SECURE_SSL_REDIRECT = True
    fresh = Client()  # middleware reads the setting when the stack is built
    assert fresh.get("/pages/about/", secure=True)["X-Page-Cache"] == "hit"
    assert fresh.get("/pages/about/").status_code == 301


def test_cold_reader_pages_write_nothing_to_the_database(reader, make_page):
    """A read must not write: a cold cache used to INSERT the settings row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_page(slug="about")
    SiteSettings.objects.all().delete()
    for url in ("/", "/news/", "/pages/about/", "/zones/", "/messages/", "/search/?q=园区"):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert reader.get(url).status_code == 200, url
        writes = [
            q["sql"]
            for q in queries.captured_queries
            if q["sql"].lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE")
        ]
        assert writes == [], url
    assert not SiteSettings.objects.exists()


def test_a_withdrawn_page_is_gone_at_once(client, make_page):
    page = make_page(slug="about", body="<p>要撤下的内容</p>")
    assert client.get("/pages/about/")["X-Page-Cache"] == "miss"
    page.is_published = False
    page.save()
    assert client.get("/pages/about/").status_code == 404


def test_answers_to_personal_requests_say_private_and_pages_for_everyone_do_not(client, make_page):
    """The second guard for shared caches in front (nginx): whatever a request with a
    session gets, even a reader page or a public picture, is marked private."""
    make_page(slug="about")
    shared = client.get("/pages/about/")
    assert shared["X-Page-Cache"] == "miss" and not shared.has_header("Cache-Control")
    # one copy for every browser and cookie: only compression varies (nginx keys on it)
    assert shared["Vary"] == "Accept-Encoding"
    client.cookies["sessionid"] = "someone"
    personal = client.get("/pages/about/")
    assert "X-Page-Cache" not in personal and "private" in personal["Cache-Control"]
    assert "private" in client.get("/robots.txt")["Cache-Control"]


def test_a_page_reads_the_content_version_once(client, make_page, monkeypatch):
    """Every cached part of a page (menus, footer, site settings, the page itself) keys on
    the content version: it is read with the page's copy, not once per part."""
    from portal import freshness

    make_page(slug="about")
    make_page(slug="contact")
    client.get("/pages/about/")  # the parts of every page are cached now
    reads = []
    real_get = cache.get  # the local-memory cache's get_many reads through get
    monkeypatch.setattr(
        cache, "get", lambda key, *a, **k: reads.append(key) or real_get(key, *a, **k)
    )
    response = client.get("/pages/contact/")
    assert response["X-Page-Cache"] == "miss"
    assert reads.count(freshness.VERSION_KEY) == 1
    parts = f"portal:{real_get(freshness.VERSION_KEY)}:"
    assert len([key for key in reads if key.startswith(parts)]) >= 3


def test_a_change_made_during_a_request_is_seen_by_the_next_one(client, make_page):
    from portal import freshness

    make_page(slug="about")
    with freshness.pinned():
        before = freshness.version()
        freshness.bump()
        assert freshness.version() == before  # pinned: one version for the whole page
    assert freshness.version() != before
