"""Factories for the news tests: plain make_x(**overrides) fixtures."""

import itertools
import shutil
import socket
import subprocess
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article, MagazineEntry, MagazineIssue, Section

_seq = itertools.count(1)


@pytest.fixture
def make_section(db):
    def make(**overrides):
        n = next(_seq)
        # A list with a home-page block, as the standard sections are (init_site).
        data = {
            "name": f"栏目{n}",
            "slug": f"section-{n}",
            "kind": Section.Kind.LIST,
            "show_on_home": True,
        }
        data.update(overrides)
        return Section.objects.create(**data)

    return make


@pytest.fixture
def section(make_section):
    return make_section(name="国家级开发区动态", slug="national")


@pytest.fixture
def make_article(section):
    def make(**overrides):
        n = next(_seq)
        data = {
            "title": f"开发区新闻{n}",
            "section": section,
            "source": "本站",
            "author": "记者",
            "summary": "摘要",
            "body": "<p>正文内容。</p>",
            "status": Article.Status.PUBLISHED,
            "publish_at": timezone.now() - timedelta(hours=n),
        }
        data.update(overrides)
        return Article.objects.create(**data)

    return make


@pytest.fixture
def make_issue(db):
    def make(**overrides):
        n = next(_seq)
        data = {"year": 2000 + n % 50, "number": n, "title": f"第{n}期专题"}
        data.update(overrides)
        return MagazineIssue.objects.create(**data)

    return make


@pytest.fixture
def make_entry(db):
    def make(issue, **overrides):
        return MagazineEntry.objects.create(issue=issue, **overrides)

    return make


@pytest.fixture
def hidden_articles(make_article):
    """A draft, a scheduled and an expired article: none may reach readers."""
    now = timezone.now()
    return {
        "draft": make_article(title="草稿文章甲", status=Article.Status.DRAFT),
        "future": make_article(title="定时文章乙", publish_at=now + timedelta(hours=2)),
        "expired": make_article(
            title="过期文章丙",
            publish_at=now - timedelta(days=3),
            unpublish_at=now - timedelta(minutes=1),
        ),
    }


class RedisServer:
    """A redis-server of one test's own (no other run's keys can meet ours), without
    persistence, so `restart()` starts it empty, as a restart of production's would."""

    def __init__(self, binary: str):
        self.binary = binary
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None
        self.start()

    def start(self) -> None:
        self.process = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()


@pytest.fixture
def redis_server():
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(binary)
    yield server
    server.stop()


@pytest.fixture
def redis_cache(redis_server, settings):
    """This test's Django cache is that Redis, as in production (REDIS_URL)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": redis_server.url,
            "KEY_PREFIX": "portal",
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
            },
        }
    }
    return redis_server
