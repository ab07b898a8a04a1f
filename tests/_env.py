"""Loaded with `-p tests._env` before Django starts: defaults so a bare `python -m pytest`
behaves like `make test` (scripts/test.sh sets the same variables)."""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal")
os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("CSRF_COOKIE_SECURE", "false")
os.environ.setdefault("SERVE_MEDIA", "true")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
