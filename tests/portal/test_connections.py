"""Persistent connections are reused without a `SELECT 1` per request, and one whose
server side was ended is replaced before the next request uses it.

Requests go through Django's WSGI handler itself (the test client switches Django's own
connection handling off), on a transactional database so connections persist."""

import io
import time
from wsgiref.util import setup_testing_defaults

import psycopg2
import psycopg2.extensions
import pytest
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection

from portal import connections as portal_connections

pytestmark = pytest.mark.django_db(transaction=True)


class RecordingCursor(psycopg2.extensions.cursor):
    statements: list[str] = []

    def execute(self, query, vars=None):
        RecordingCursor.statements.append(query if isinstance(query, str) else query.decode())
        return super().execute(query, vars)


def get(path: str) -> tuple[str, bytes]:
    """A reader's GET, built rather than read from the page cache: it uses the database."""
    cache.clear()
    environ = {"PATH_INFO": path, "HTTP_HOST": "testserver", "wsgi.input": io.BytesIO()}
    setup_testing_defaults(environ)
    status = []
    response = WSGIHandler()(environ, lambda s, headers, exc_info=None: status.append(s))
    try:
        body = b"".join(response)
    finally:
        response.close()  # request_finished
    return status[0], body


def backend_pid() -> int:
    return connection.connection.get_backend_pid()


@pytest.fixture
def persistent(settings):
    """Connections kept between requests, as in production (CONN_MAX_AGE)."""
    connection.settings_dict["CONN_MAX_AGE"] = 60
    connection.close()
    yield
    connection.close()


def test_requests_on_a_persistent_connection_send_no_select_1(persistent, make_page):
    make_page(title="协会简介", slug="about")
    assert get("/pages/about/")[0] == "200 OK"
    pid = backend_pid()
    connection.connection.cursor_factory = RecordingCursor
    RecordingCursor.statements = []
    for path in ("/pages/about/", "/", "/news/", "/sitemap/") * 5:
        assert get(path)[0] == "200 OK"
    assert backend_pid() == pid  # one connection served them all
    assert RecordingCursor.statements, "the pages' own queries are recorded"
    assert not [s for s in RecordingCursor.statements if s.strip().upper() == "SELECT 1"]


def test_a_connection_idle_for_long_is_tested_once(persistent, make_page, monkeypatch):
    get("/robots.txt")
    get("/news/")
    connection.connection.cursor_factory = RecordingCursor
    RecordingCursor.statements = []
    monkeypatch.setattr(portal_connections, "CHECK_AFTER", 0.0)
    get("/news/")
    assert [s for s in RecordingCursor.statements if s.strip().upper() == "SELECT 1"] == [
        "SELECT 1"
    ]


def test_an_ended_backend_is_replaced_before_the_next_request(persistent, make_page):
    make_page(title="协会简介", slug="about")
    assert get("/pages/about/")[0] == "200 OK"
    pid = backend_pid()
    params = connection.get_connection_params()
    with psycopg2.connect(**params) as killer:
        killer.autocommit = True
        with killer.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
            for _ in range(200):  # until the backend has gone (bounded)
                cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
                if cursor.fetchone()[0] == 0:
                    break
                time.sleep(0.01)
    killer.close()
    status, body = get("/pages/about/")
    assert status == "200 OK"
    assert "协会简介" in body.decode()
    assert backend_pid() != pid
    assert get("/pages/about/")[0] == "200 OK"
