#!/usr/bin/env bash
# Makes sure the PostgreSQL in DATABASE_URL answers; starts the local cluster if it is
# down. Fails loudly: the tests never fall back to SQLite or skip.
set -uo pipefail
PY=${PY:-.venv/bin/python}
url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal}

probe() {
  "$PY" - "$url" <<'PYCODE'
import sys, dj_database_url, psycopg2
cfg = dj_database_url.parse(sys.argv[1])
try:
    conn = psycopg2.connect(dbname="postgres", user=cfg["USER"] or "postgres", password=cfg["PASSWORD"] or None,
                            host=cfg["HOST"] or "127.0.0.1", port=cfg["PORT"] or 5432, connect_timeout=3)
    conn.autocommit = True
    with conn.cursor() as cur:  # the main database too, so makemigrations --check can look
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]])
        if cur.fetchone() is None:
            cur.execute('CREATE DATABASE "%s"' % cfg["NAME"].replace('"', ''))
    conn.close()
except Exception as exc:
    print(exc, file=sys.stderr)
    sys.exit(1)
PYCODE
}

if probe 2>/dev/null; then exit 0; fi
echo "PostgreSQL at $url does not answer; trying to start the local cluster…"
if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
  for version in $(ls /etc/postgresql); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>&1 || true
  done
  for _ in $(seq 1 30); do
    probe 2>/dev/null && { echo "PostgreSQL started."; exit 0; }
    sleep 1
  done
fi
echo "ERROR: no PostgreSQL can be reached at $url." >&2
echo "Install and start PostgreSQL (apt-get install postgresql), or set DATABASE_URL to a server the tests may use." >&2
probe || true
exit 1
