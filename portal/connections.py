"""Persistent database connections, tested without a query on every request.

Django's CONN_HEALTH_CHECKS sends `SELECT 1` before the first query of every request that
reuses a connection: a round trip to PostgreSQL on every page. It is off
(portal/settings.py); instead, when a request starts (`check_connections`):
- a connection whose server has ended the session is closed, so the request opens a
  new one. A server that restarts, or whose backend is ended (pg_terminate_backend, an
  idle timeout), sends its goodbye and closes the socket, so the socket has something
  to read, which one poll() system call sees; an idle connection otherwise has nothing
  to read.
- a connection left unused for CHECK_AFTER seconds or more is asked `SELECT 1`
  (Django's own `is_usable`) before it is used again.
Django still tests, and closes, a connection after a database error in a request.
"""

import select
import time

from django.db import connections

CHECK_AFTER = 10.0  # seconds
_USED_AT = "_portal_used_at"


def _hung_up(raw) -> bool:
    """Whether the server side of a psycopg connection has gone (or cannot be told)."""
    try:
        if raw.closed:
            return True
        poller = select.poll()
        poller.register(raw.fileno(), select.POLLIN | select.POLLPRI)
        return bool(poller.poll(0))
    except (OSError, ValueError, AttributeError):
        return True


def check_connections(**kwargs) -> None:
    """request_started: close the persistent connections that cannot serve this request."""
    now = time.monotonic()
    for conn in connections.all(initialized_only=True):
        if conn.connection is None:
            continue
        idle = now - getattr(conn, _USED_AT, float("-inf"))
        if _hung_up(conn.connection) or (idle >= CHECK_AFTER and not conn.is_usable()):
            conn.close()


def mark_used(**kwargs) -> None:
    """request_finished (after Django closed what was obsolete or failed): the
    connections still open have just worked."""
    now = time.monotonic()
    for conn in connections.all(initialized_only=True):
        if conn.connection is not None:
            setattr(conn, _USED_AT, now)
