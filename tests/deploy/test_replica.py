"""The read replica (DATABASE_REPLICA_URL, portal/dbrouter.py) with a real streaming
standby: a private primary and a `pg_basebackup -R` standby of it (tests/deploy/postgres.py),
one gunicorn behind nginx (tests/deploy/cluster.py) using both.

Readers are served from the replica once it has caught up; the editor who has just
published sees the article at once; a replica that has not replayed the edit behind the
current content version is not read (so no stale page is cached under the new version);
a replica that is down costs no error page.
"""

import os
import re
import subprocess
import sys
from types import SimpleNamespace

import pytest

from tests.deploy.cluster import ROOT, Cluster
from tests.deploy.postgres import Replication
from tests.deploy.test_servers import PASSWORD, _add_article, _login

SETUP = f"""
from django.contrib.auth import get_user_model
from news.models import Section
get_user_model().objects.create_superuser("publisher", "p@example.org", {PASSWORD!r})
print(Section.objects.create(name="通知公告", slug="notices", kind=Section.Kind.LIST).pk)
"""


def _manage(database_url: str, *args: str, **extra_env: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "replica-test",
        "DEBUG": "false",
        "SITE_URL": "http://testserver",
        **extra_env,
    }
    env.pop("DATABASE_REPLICA_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def replicated():
    """(pair, site, section): the migrated primary with a publisher and a section, its
    standby, and the site reading from both."""
    pair = Replication().start()
    try:
        pair.primary.query("CREATE DATABASE portal")
        primary = pair.primary.url("portal")
        _manage(primary, "migrate", "--no-input", "-v0")
        section = SimpleNamespace(pk=int(_manage(primary, "shell", "-c", SETUP).split()[-1]))
        section.url = "/news/notices/"
        site = Cluster(
            primary,
            s3=False,
            app_count=1,
            threads=2,
            extra_env={"DATABASE_REPLICA_URL": pair.standby.url("portal")},
        ).start()
    except BaseException:
        pair.close()
        raise
    try:
        pair.wait_caught_up()
        yield pair, site, section
    finally:
        site.close()
        pair.close()


def _article_id(server, title) -> int | None:
    return server.query("SELECT id FROM news_article WHERE title = %s", [title], "portal")


def test_a_reader_is_served_from_the_replica_once_it_has_caught_up(replicated):
    pair, site, section = replicated
    editor, reader = site.client("127.0.0.4"), site.client("127.0.0.5")
    _login(site, editor, "publisher")
    title = "关于召开全国开发区工作会议的通知"
    _add_article(site, editor, section, title=title)
    pair.wait_caught_up()
    assert title in site.get(reader, section.url).text
    pk = _article_id(pair.primary, title)

    # Proof that readers read the replica: with its replay paused, a change made on the
    # primary behind the site's back (no new content version) is not on the reader's page.
    pair.standby.query("SELECT pg_wal_replay_pause()")
    try:
        pair.primary.query(
            "UPDATE news_article SET title = %s WHERE id = %s", ["仅主库可见的标题", pk], "portal"
        )
        page = site.get(reader, f"/articles/{pk}/")
        assert page.status_code == 200
        assert title in page.text and "仅主库可见的标题" not in page.text
        # The visit was counted (in Redis), and written to the primary (the replica
        # cannot be written).
        assert re.search(r'class="view-count">1<', page.text)
        flushed = _manage(
            pair.primary.url("portal"),
            "flush_view_counts",
            REDIS_URL=site.redis_url,
            CACHE_KEY_PREFIX="portal",
        )
        assert "已写入 1 次阅读" in flushed
        views = "SELECT view_count FROM news_article WHERE id = %s"
        assert pair.primary.query(views, [pk], "portal") == 1
    finally:
        pair.standby.query("SELECT pg_wal_replay_resume()")


def test_after_a_publish_nothing_stale_is_cached_while_the_replica_lags(replicated):
    pair, site, section = replicated
    editor, reader = site.client("127.0.0.6"), site.client("127.0.0.7")
    _login(site, editor, "publisher")
    pair.wait_caught_up()
    before = site.get(reader, section.url)
    assert before.status_code == 200
    pair.standby.query("SELECT pg_wal_replay_pause()")
    try:
        title = "紧急通知：会议改期"
        _add_article(site, editor, section, title=title)
        assert _article_id(pair.standby, title) is None  # the replica is behind
        # The editor, who has just written, sees it at once.
        assert title in site.get(editor, section.url).text
        # So does a reader: the replica has not replayed the position recorded with the
        # new content version, so the page is read from the primary, and cached.
        first = site.get(reader, section.url)
        assert title in first.text and first.headers.get("X-Page-Cache") == "miss"
        assert title in site.get(site.client("127.0.0.8"), "/").text
    finally:
        pair.standby.query("SELECT pg_wal_replay_resume()")
    pair.wait_caught_up()
    again = site.get(reader, section.url)
    assert title in again.text and again.headers.get("X-Page-Cache") == "hit"


def test_with_the_replica_down_pages_come_from_the_primary(replicated):
    pair, site, section = replicated
    editor, reader = site.client("127.0.0.9"), site.client("127.0.0.10")
    _login(site, editor, "publisher")
    pair.standby.stop()
    title = "备用库停机期间发布的通知"
    _add_article(site, editor, section, title=title)
    pk = _article_id(pair.primary, title)
    for path in ("/", section.url, f"/articles/{pk}/"):
        page = site.get(reader, path)
        assert page.status_code == 200, path
        assert title in page.text, path
