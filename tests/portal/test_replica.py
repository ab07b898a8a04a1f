"""Which database a request reads from when a read replica is configured
(portal/dbrouter.py). The replica itself is not needed here: whether it has caught up is
replaced; tests/deploy/test_replica.py runs the same code against a real standby."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.test import RequestFactory

from news.models import Article
from portal import dbrouter, freshness
from portal.pagecache import PageCacheMiddleware, reader_page

router = dbrouter.ReplicaRouter()


@reader_page()
def reader_view(request):
    return HttpResponse(f"{router.db_for_read(Article)}|{freshness.version()}")


def admin_view(request):
    return HttpResponse(router.db_for_read(Article))


@pytest.fixture
def replica(monkeypatch, db):
    """A configured replica that has caught up (`replica.behind = True`: it has not)."""
    state = type("Replica", (), {"behind": False, "asked": 0})()

    def caught_up(version):
        state.asked += 1
        return not state.behind

    monkeypatch.setattr(dbrouter, "configured", lambda: True)
    monkeypatch.setattr(dbrouter, "caught_up", caught_up)
    return state


def serve(request, view=reader_view):
    def get_response(request):
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware = dbrouter.ReplicaMiddleware(get_response)
    return middleware(request)


def read_from(request, view=reader_view) -> str:
    return serve(request, view).content.decode().split("|")[0]


def test_an_anonymous_reader_page_reads_from_a_replica_that_has_caught_up(replica):
    assert read_from(RequestFactory().get("/")) == "replica"
    assert replica.asked == 1
    # Outside the request everything reads from the primary again.
    assert router.db_for_read(Article) == "default"


def test_a_page_from_the_page_cache_asks_the_replica_nothing(replica):
    # The page cache answers hits before the rest of the middleware (PageCacheMiddleware).
    stack = PageCacheMiddleware(serve)
    assert stack(RequestFactory().get("/")).content.decode().startswith("replica|")
    response = stack(RequestFactory().get("/"))
    assert response["X-Page-Cache"] == "hit"
    assert replica.asked == 1


def test_a_replica_behind_the_content_version_is_not_read(replica):
    replica.behind = True
    assert read_from(RequestFactory().get("/")) == "default"


def test_a_replica_that_failed_lately_is_not_even_asked(replica):
    cache.set(dbrouter.DOWN_KEY, True, 5)
    assert read_from(RequestFactory().get("/")) == "default"
    assert replica.asked == 0


def test_staff_and_the_admin_read_from_the_primary(replica):
    logged_in = RequestFactory().get("/")
    logged_in.COOKIES[settings.SESSION_COOKIE_NAME] = "a-session"
    assert read_from(logged_in) == "default"
    assert read_from(RequestFactory().get("/admin/"), admin_view) == "default"
    assert replica.asked == 0


def test_whoever_has_just_written_reads_from_the_primary(replica):
    posted = serve(RequestFactory().post("/"))
    sticky = posted.cookies[dbrouter.STICKY_COOKIE]
    assert sticky["max-age"] == dbrouter.STICKY_SECONDS and sticky["httponly"]
    after = RequestFactory().get("/after/")
    after.COOKIES[dbrouter.STICKY_COOKIE] = sticky.value
    assert read_from(after) == "default"
    # A made-up cookie does not count (it is signed), nor does a GET set one.
    forged = RequestFactory().get("/forged/")  # (each page once: none from the page cache)
    forged.COOKIES[dbrouter.STICKY_COOKIE] = "1"
    assert read_from(forged) == "replica"
    assert dbrouter.STICKY_COOKIE not in serve(RequestFactory().get("/get/")).cookies


def test_writes_and_migrations_go_to_the_primary_even_in_a_replica_request(replica):
    @reader_page()
    def writing_view(request):
        return HttpResponse(router.db_for_write(Article))

    assert serve(RequestFactory().get("/"), writing_view).content == b"default"
    assert router.allow_migrate("default", "news") and not router.allow_migrate("replica", "news")


def test_a_replica_request_keeps_the_version_it_checked(replica):
    """A page rendered from the replica is cached under the version the replica was
    checked against, even if the version moves on meanwhile."""
    checked = freshness.version()

    @reader_page()
    def view(request):
        freshness.bump()  # an editor's commit lands while the page is being built
        return HttpResponse(str(freshness.version()))

    assert serve(RequestFactory().get("/"), view).content == str(checked).encode()
    assert freshness.version() > checked
