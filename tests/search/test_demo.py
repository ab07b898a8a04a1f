"""The demo data is searchable right after `manage.py load_demo`, on PostgreSQL with
vectors and on the embedded SQLite database with substring matching."""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.core.management import call_command

from portal import search

ROOT = Path(__file__).resolve().parents[2]
FACET = re.compile(r'>([^<>]+)<span class="count">（(\d+\+?)）</span>')


def facet_counts(html: str) -> dict[str, str]:
    """{type label: count} from the results page's type filter."""
    return dict(FACET.findall(html))


@pytest.mark.django_db
def test_load_demo_leaves_no_row_of_any_kind_without_a_vector(client):
    call_command("load_demo", stdout=open(os.devnull, "w"))
    for entry in search.registered():
        rows = entry.model._default_manager
        assert rows.exists(), entry.kind
        assert not rows.filter(search_vector__isnull=True).exists(), entry.kind
    html = client.get("/search/", {"q": "协会"}).content.decode()
    for label in ("资讯", "协会", "单页"):
        assert int(facet_counts(html)[label].rstrip("+")) > 0, label
    notices = client.get("/search/", {"q": "通知", "section": "notices"}).content.decode()
    assert '<p class="search-hit-meta"><span>通知公告</span>' in notices
    zones = client.get("/search/", {"q": "电子信息"}).content.decode()
    assert int(facet_counts(zones)["开发区"].rstrip("+")) > 0


SQLITE_DEMO = textwrap.dedent(
    """
    import re
    import django
    django.setup()
    from django.core.management import call_command
    from django.test import Client
    call_command("migrate", verbosity=0)
    call_command("load_demo", stdout=open("/dev/null", "w"))
    client = Client()
    facet = re.compile(r'>([^<>]+)<span class="count">（(\\d+\\+?)）</span>')
    for params in ({"q": "协会"}, {"q": "通知", "section": "notices"}, {"q": "电子信息"}):
        response = client.get("/search/", params)
        html = response.content.decode()
        kinds = sorted(k for k, n in facet.findall(html) if k != "全部" and n != "0")
        print(response.status_code, html.count('class="search-hit"'), ",".join(kinds))
    """
)


def test_sqlite_demo_search_finds_articles_notices_zones_and_associations(tmp_path):
    """A fresh process on a new SQLite file, as `make demo` runs it."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "true",
        "ALLOWED_HOSTS": "testserver",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        [sys.executable, "-c", SQLITE_DEMO],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    everything, notices, industry = done.stdout.strip().splitlines()
    status, hits, kinds = everything.split()
    assert status == "200" and int(hits) == 20
    assert {"资讯", "协会", "单页"} <= set(kinds.split(","))
    status, hits, kinds = notices.split()
    assert status == "200" and int(hits) > 0 and kinds == "资讯"
    status, hits, kinds = industry.split()
    assert status == "200" and int(hits) > 0 and "开发区" in kinds
