#!/usr/bin/env bash
# The test command behind `make test`: makes sure PostgreSQL and Chromium are there,
# then runs ruff, Django's checks, the migration check and the whole pytest suite.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

export DATABASE_URL=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/portal}
export SECRET_KEY=${SECRET_KEY:-test-secret-key-not-for-production-$(date +%s)}
export DEBUG=false
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
export SERVE_MEDIA=true
export MEDIA_ROOT=${MEDIA_ROOT:-$(pwd)/test-artifacts/media}
export PRIVATE_MEDIA_ROOT=${PRIVATE_MEDIA_ROOT:-$(pwd)/test-artifacts/private}
export DJANGO_ALLOW_ASYNC_UNSAFE=true
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}

bash scripts/ensure_postgres.sh
bash scripts/ensure_chromium.sh

echo "== ruff"
$PY -m ruff check .
$PY -m ruff format --check .
echo "== manage.py check"
$PY manage.py check --fail-level WARNING
echo "== makemigrations --check"
$PY manage.py makemigrations --check --dry-run
echo "== pytest"
$PY -m pytest "$@"
