"""Loaded with `-p tests._env` before Django starts: defaults so a bare `python -m pytest`
behaves like `make test` (scripts/test.sh sets the same variables).

The database: DATABASE_URL when it is set, otherwise the embedded PostgreSQL in .pgdata/,
started here when it is not running (scripts/devdb.py; it keeps running afterwards). Unlike
scripts/test.sh, a set but unreachable DATABASE_URL is used as it is, and fails.
"""

import importlib.util
import os
from pathlib import Path

if not os.environ.get("DATABASE_URL"):
    _path = Path(__file__).resolve().parent.parent / "scripts" / "devdb.py"
    _spec = importlib.util.spec_from_file_location("devdb", _path)
    _devdb = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(_devdb)
    os.environ["DATABASE_URL"] = _devdb.start()
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SITE_URL", "http://testserver")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SERVE_MEDIA", "true")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
