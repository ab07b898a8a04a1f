#!/usr/bin/env bash
# The demo behind `make demo` (DEBUG on, local only): DATABASE_URL when it is set (in the
# environment or in .env), otherwise the embedded PostgreSQL in .pgdata/ (scripts/devdb.py),
# which keeps running afterwards: `.venv/bin/python scripts/devdb.py stop` ends it.
# DEMO_ADDRPORT changes where runserver listens (default 127.0.0.1:8000).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

if [ -n "${DATABASE_URL:-}" ]; then
  echo "Database: DATABASE_URL"
elif grep -Eqs '^[[:space:]]*(export[[:space:]]+)?DATABASE_URL=.' .env; then
  echo "Database: DATABASE_URL from .env"
else
  DATABASE_URL=$($PY scripts/devdb.py start)
  export DATABASE_URL
fi
export DEBUG=true

$PY manage.py migrate --noinput
$PY manage.py load_demo
ADDRPORT=${DEMO_ADDRPORT:-127.0.0.1:8000}
$PY manage.py ensure_admin --addrport "$ADDRPORT"
exec $PY manage.py runserver "$ADDRPORT"
