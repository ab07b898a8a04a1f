"""`make demo` runs on the embedded SQLite file: every page type must work there too."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = r"""
from django.test import Client
from news.models import Article, MagazineIssue
from associations.models import Association, Zone

client = Client()
article = Article.objects.published().order_by("-publish_at").first()
urls = [
    "/", "/news/", "/news/notices/", f"/articles/{article.pk}/", f"/articles/{article.pk}/qr.svg",
    "/magazine/", f"/magazine/{MagazineIssue.objects.first().pk}/",
    "/zones/", "/zones/?level=national", f"/zones/{Zone.objects.visible().first().pk}/",
    "/associations/", f"/associations/{Association.objects.visible().first().pk}/",
    "/pages/about/", "/search/?q=开发区", "/search/?q=協會", "/messages/", "/messages/new/",
    "/messages/lookup/", "/contribute/", "/contribute/status/", "/feeds/latest/",
    "/sitemap.xml", "/sitemap-articles.xml", "/robots.txt", "/healthz",
]
for url in urls:
    response = client.get(url, HTTP_HOST="127.0.0.1")
    print(response.status_code, url)
"""


def test_demo_site_works_on_sqlite(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "REDIS_URL"} and not k.startswith("DJANGO_")
    }
    env.update(
        DEBUG="true",
        DATABASE_URL=f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_MEDIA_ROOT=str(tmp_path / "private"),
    )

    def manage(*args):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result.stdout

    manage("migrate", "--noinput", "-v0")
    manage("load_demo")
    lines = manage("shell", "-c", SCRIPT).strip().splitlines()
    statuses = [line for line in lines if line[:3].isdigit()]
    assert len(statuses) == 25, lines
    bad = [line for line in statuses if not line.startswith("200")]
    assert not bad, bad
