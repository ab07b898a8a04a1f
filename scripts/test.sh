#!/usr/bin/env bash
# The test command behind `make test`: picks the database, makes sure Chromium, nginx and
# redis-server are there (for the browser and multi-server tests), and Java with the Nu
# HTML Checker (vnu-jar from npm, for tests/portal/test_html_valid.py),
# then runs ruff, Django's checks, the migration check and pytest ("$@" goes to pytest).
# With --quick first (`make check`): the same checks, then pytest on every CPU
# (pytest-xdist) without the browser, deploy, loadtest and slow tiers.
# Database: DATABASE_URL when it is set and answers; otherwise the embedded PostgreSQL in
# .pgdata/ (scripts/devdb.py), stopped again at the end when this run started it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
QUICK=false
if [ "${1:-}" = "--quick" ]; then
  QUICK=true
  shift
fi

if [ -n "${DATABASE_URL:-}" ] && $PY scripts/devdb.py probe; then
  :  # devdb.py printed "Database: DATABASE_URL (…)"
else
  if ! $PY scripts/devdb.py status; then
    trap '$PY scripts/devdb.py stop' EXIT
  fi
  DATABASE_URL=$($PY scripts/devdb.py start)
fi
export DATABASE_URL
export SECRET_KEY=${SECRET_KEY:-test-secret-key-not-for-production-$(date +%s)}
export DEBUG=false
export SITE_URL=${SITE_URL:-http://testserver}
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
export SERVE_MEDIA=true
export MEDIA_ROOT=${MEDIA_ROOT:-$(pwd)/test-artifacts/media}
export PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-$(pwd)/test-artifacts/private}
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

if ! $QUICK; then
  bash scripts/ensure_chromium.sh
  bash scripts/ensure_servers.sh
  bash scripts/ensure_vnu.sh >/dev/null
fi

echo "== ruff"
$PY -m ruff check .
$PY -m ruff format --check .
echo "== manage.py check"
$PY manage.py check --fail-level WARNING
echo "== makemigrations --check"
$PY manage.py makemigrations --check --dry-run
echo "== pytest"
if $QUICK; then
  $PY -m pytest -n auto -m "not (browser or deploy or loadtest or slow)" "$@"
else
  $PY -m pytest "$@"
fi
