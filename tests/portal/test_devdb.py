"""scripts/devdb.py: the embedded PostgreSQL of `make demo` and `make test`.

It runs on a data folder of its own under tmp_path, so the server the suite itself uses
(.pgdata/ or DATABASE_URL) is never touched.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg2

ROOT = Path(__file__).resolve().parents[2]
SOCKET_PATH_MAX = 107  # sun_path holds 108 bytes on Linux, the final NUL included


def devdb(pgdata, *args):
    return subprocess.run(
        [
            sys.executable,
            "scripts/devdb.py",
            *args,
            "--pgdata",
            str(pgdata),
            "--name",
            "devdb_check",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_devdb_starts_a_server_whose_url_psycopg2_accepts_and_reuses_it(tmp_path):
    # Deep enough that a socket inside the data folder would be too long: the socket
    # must go somewhere shorter.
    pgdata = tmp_path / ("deep-folder-" * 6) / "pgdata"
    pgdata.parent.mkdir(parents=True)
    assert len(f"{pgdata}/.s.PGSQL.5432") > SOCKET_PATH_MAX
    try:
        began = time.monotonic()
        first = devdb(pgdata, "start")
        assert first.returncode == 0, first.stderr
        assert time.monotonic() - began < 60
        url = first.stdout.strip()
        assert "\n" not in url
        assert "embedded PostgreSQL" in first.stderr

        cfg = dj_database_url.parse(url)  # as portal/settings.py reads it
        assert cfg["ENGINE"] == "django.db.backends.postgresql"
        assert cfg["NAME"] == "devdb_check"
        assert len(f"{cfg['HOST']}/.s.PGSQL.5432") <= SOCKET_PATH_MAX
        conn = psycopg2.connect(
            dbname=cfg["NAME"], user=cfg["USER"], host=cfg["HOST"], port=cfg["PORT"] or None
        )
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT to_tsvector('simple', '开发区')::text")
                assert cur.fetchone()[0] == "'开发区':1"
                cur.execute(
                    "SELECT rolsuper, rolcreatedb FROM pg_roles WHERE rolname = current_user"
                )
                assert cur.fetchone() == (True, True)  # Django's test runner creates test_<name>
        finally:
            conn.close()

        second = devdb(pgdata, "start")
        assert second.returncode == 0, second.stderr
        assert second.stdout.strip() == url
        assert "already running" in second.stderr
        assert devdb(pgdata, "status").returncode == 0
    finally:
        stopped = devdb(pgdata, "stop")
    assert stopped.returncode == 0, stopped.stderr
    assert devdb(pgdata, "status").returncode == 1
    socket_dir = Path(cfg["HOST"])
    if socket_dir != pgdata and socket_dir.is_dir() and not os.listdir(socket_dir):
        socket_dir.rmdir()
