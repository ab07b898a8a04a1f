"""The short form of loadtest/run.py: 10 s at 16 connections against a production-mode
gunicorn with its own PostgreSQL and Redis, 300 posts meanwhile, then PostgreSQL stopped
for 10 s and Redis for 5 s under load. One run (about two minutes) serves all four tests;
its figures are printed (`pytest -s`). The long form is documented in loadtest/run.py.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGES = ("home", "news", "section", "article", "zones", "search", "board")


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("loadtest") / "run.json"
    command = [sys.executable, "loadtest/run.py", "--seconds", "10", "--users", "16"]
    command += ["--writes", "--db-fault", "10", "--redis-fault", "5", "--json", str(out)]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=900)
    print(result.stdout)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return json.loads(out.read_text())


def test_every_reader_page_answers_200_under_load(run):
    for page in PAGES:
        figures = run["load"][page]
        assert figures["requests"] > 0, page
        assert figures["non_200"] == 0 and figures["connection_errors"] == 0, (page, figures)
        assert figures["p99_ms"] > 0


def test_posts_under_load_are_stored_exactly_once_or_refused_with_a_clear_4xx(run):
    writes = run["writes"]
    assert writes["sent"] == 300
    assert writes["accepted"] + writes["refused"] == 300, writes
    assert writes["error"] == 0 and writes["unavailable"] == 0, writes
    # 30 addresses x 5 messages and 25 addresses x 3 contributions per ten minutes at least
    # (more when an address's window turned over during the run); the rest refused (429)
    assert writes["accepted_messages"] >= 150 and writes["accepted_contributions"] >= 75
    assert writes["refused"] > 0 and set(writes["statuses"]) <= {"302", "429"}
    assert writes["stored_exactly_once"] == writes["accepted"]
    assert writes["accepted_not_stored"] == 0 and writes["stored_more_than_once"] == 0
    assert writes["refused_but_stored"] == 0
    # one PDF per accepted contribution, each on disk, and no file without its row
    assert writes["attachments"] == writes["accepted_contributions"]
    assert writes["missing_files"] == 0 and writes["orphan_files"] == 0


def test_database_outage_serves_cache_or_a_fast_styled_503_and_recovers_by_itself(run):
    fault = run["db_fault"]
    during = fault["during"]["all"]
    assert fault["outage_s"] >= 10
    assert during["requests"] > 0 and during["cache_hits"] > 0  # cached pages still served
    assert during["unstyled_5xx"] == 0 and during["connection_errors"] == 0, during
    assert during["over_2s"] == 0, during  # no hang
    assert fault["healthz_during"]["http"] == 503
    assert fault["healthz_during"]["database"] == "unavailable"
    assert fault["healthz_during"]["redis"] == "ok"
    # the forms sent meanwhile: stored, or refused with "请稍后再试", never half-stored
    posts, checked = fault["posts"], fault["posts_checked"]
    assert posts["accepted"] + posts["unavailable"] == posts["sent"] == 10, posts
    assert checked["stored_exactly_once"] == posts["accepted"]
    assert checked["refused_but_stored"] == 0 and checked["orphan_files"] == 0
    # back within 5 s, gunicorn untouched, and every page 200 from then on
    assert fault["seconds_until_back"] is not None and fault["seconds_until_back"] <= 5
    assert fault["last_reader_failure_after_up_s"] <= 5
    assert fault["after"]["all"]["non_200"] == 0
    assert not fault["gunicorn_restarted"]
    assert fault["healthz_after"] == {"http": 200, "status": "ok", "database": "ok", "redis": "ok"}


def test_redis_outage_serves_pages_from_the_database_and_the_cache_comes_back(run):
    fault = run["redis_fault"]
    during = fault["during"]["all"]
    assert fault["outage_s"] >= 5
    assert during["requests"] > 0
    assert during["non_200"] == 0 and during["connection_errors"] == 0, during
    assert fault["healthz_during"] == {
        "http": 200,
        "status": "degraded",
        "database": "ok",
        "redis": "unavailable",
    }
    # rate limits fail open: seven messages from one address (limit five) all stored
    assert fault["posts"]["accepted"] == 7 and fault["posts_checked"]["stored_exactly_once"] == 7
    assert fault["seconds_until_back"] is not None and fault["seconds_until_back"] <= 5
    assert fault["after"]["all"]["cache_hits"] > 0
    assert fault["after"]["all"]["non_200"] == 0
    assert not fault["gunicorn_restarted"]
    assert fault["healthz_after"] == {"http": 200, "status": "ok", "database": "ok", "redis": "ok"}
