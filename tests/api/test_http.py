"""How the API behaves over HTTP: validators and 304, the page cache, unknown parameters,
CORS for listed origins only, the per-client limit, GET only, and fixed query counts."""

import pytest
from django.core.cache import cache

from portal import freshness
from tests.api.conftest import make_article

pytestmark = pytest.mark.django_db


def test_etag_and_last_modified_with_304_on_if_none_match(client, content):
    first = client.get("/api/v1/articles")
    assert first["ETag"].startswith(f'"{freshness.version()}-') and first["Last-Modified"]
    again = client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and not again.content  # from the page cache
    since = client.get("/api/v1/articles", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    # An edit moves the content version: the old ETag no longer matches.
    make_article(content["articles"][0].section, 77, title="新发布")
    fresh = client.get("/api/v1/articles", HTTP_IF_NONE_MATCH=first["ETag"])
    assert fresh.status_code == 200 and fresh["ETag"] != first["ETag"]
    assert "新发布" in fresh.content.decode()


def test_unknown_parameters_are_refused_even_when_the_list_is_cached(client, content):
    assert client.get("/api/v1/articles").status_code == 200
    assert client.get("/api/v1/articles")["X-Page-Cache"] == "hit"
    response = client.get("/api/v1/articles", {"utm_source": "x"})
    assert response.status_code == 400 and "utm_source" in response.json()["detail"]
    assert "X-Page-Cache" not in response


def test_cors_only_for_listed_origins(client, settings, content):
    settings.API_CORS_ORIGINS = ["https://partner.example.org"]
    allowed = client.get("/api/v1/notices", HTTP_ORIGIN="https://partner.example.org")
    assert allowed["Access-Control-Allow-Origin"] == "https://partner.example.org"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    # The cached copy carries no origin: another site asking next gets none.
    other = client.get("/api/v1/notices", HTTP_ORIGIN="https://evil.example")
    assert other["X-Page-Cache"] == "hit" and "Access-Control-Allow-Origin" not in other
    assert "Origin" in other["Vary"]
    preflight = client.options(
        "/api/v1/notices",
        HTTP_ORIGIN="https://partner.example.org",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Origin" not in client.get(
        "/news/", HTTP_ORIGIN="https://partner.example.org"
    )


def test_too_many_requests_get_429_with_retry_after(client, settings, content):
    settings.RATELIMIT_ENABLE = True
    settings.API_RATE = "3/m"
    statuses = [client.get("/api/v1/articles", {"page": n}).status_code for n in (1, 1, 1, 1)]
    # cached answers do not count: the first request builds the page, the others are hits
    assert statuses == [200, 200, 200, 200]
    statuses = [client.get("/api/v1/articles", {"page": n}).status_code for n in range(2, 6)]
    assert statuses[:2] == [200, 200] and statuses[-1] == 429
    response = client.get("/api/v1/site")
    assert response.status_code == 429 and int(response["Retry-After"]) > 0
    assert "请求过于频繁" in response.json()["detail"]


def test_only_get(client, content):
    response = client.post("/api/v1/articles", {})
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert response.json()["detail"] == "本接口只读，只接受 GET 请求。"


def test_a_signed_in_editor_is_never_served_or_stored_from_the_cache(client, content, admin_user):
    client.force_login(admin_user)
    response = client.get("/api/v1/articles")
    assert response.status_code == 200 and "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    # what the editor saw was not stored for readers
    client.logout()
    assert client.get("/api/v1/articles")["X-Page-Cache"] == "miss"


URLS = {
    "list": "/api/v1/articles",
    "section": "/api/v1/articles?section=news",
    "keyword": "/api/v1/articles?q=开发区",
    "detail": None,
    "notices": "/api/v1/notices",
    "magazine": "/api/v1/magazine",
    "events": "/api/v1/events",
    "zones": "/api/v1/zones?province=江苏省",
    "associations": "/api/v1/associations",
    "sections": "/api/v1/sections",
    "site": "/api/v1/site",
}
# Uncached, with every cache cold: each includes the two look-ups of the next scheduled
# change (articles, events) that bound how long the answer is kept.
QUERIES = {
    "list": 3,
    "section": 4,
    "keyword": 3,
    "detail": 4,
    "notices": 4,
    "magazine": 5,
    "events": 3,
    "zones": 10,
    "associations": 7,
    "sections": 3,
    "site": 3,
}


@pytest.mark.parametrize("name", list(URLS))
def test_query_counts_do_not_grow_with_the_data(client, content, name, django_assert_num_queries):
    url = URLS[name] or f"/api/v1/articles/{content['articles'][0].pk}"
    for size in (0, 40):
        for n in range(size):
            make_article(content["articles"][0].section, 200 + n)
        cache.clear()
        with django_assert_num_queries(QUERIES[name]):
            assert client.get(url).status_code == 200
