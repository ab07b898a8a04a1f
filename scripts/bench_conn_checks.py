"""What a per-request connection check costs: Django's CONN_HEALTH_CHECKS (`SELECT 1`
before the first query of each request) against the portal's (`portal/connections.py`:
a poll() of the socket, and `SELECT 1` only after 10 s unused).

    DATABASE_URL=… .venv/bin/python scripts/bench_conn_checks.py [--rounds 30] [--per-round 20]

Run `manage.py load_demo` first. Requests go through Django's WSGI handler in this
process (the test client switches Django's connection handling off) on one persistent
connection: a cached page (/ from the page cache) and an uncached one (/news/ with a
session cookie, which the page cache never serves). The two modes alternate round by
round; each prints the median CPU time of this process (time.process_time) and the
median wall time per request. PostgreSQL's own CPU for the `SELECT 1` is not counted.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path
from wsgiref.util import setup_testing_defaults

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
for key, value in {
    "DEBUG": "false",
    "SITE_URL": "http://testserver",
    "ALLOWED_HOSTS": "testserver",
    "SECURE_SSL_REDIRECT": "false",
}.items():
    os.environ.setdefault(key, value)

import django  # noqa: E402

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.signals import request_finished, request_started  # noqa: E402
from django.db import connection  # noqa: E402

from portal import connections  # noqa: E402

HANDLER = WSGIHandler()
PAGES = {"cached /": ("/", ""), "uncached /news/": ("/news/", "sessionid=bench")}


def get(path: str, cookie: str) -> None:
    environ = {"PATH_INFO": path, "HTTP_HOST": "testserver", "wsgi.input": io.BytesIO()}
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    setup_testing_defaults(environ)
    status = []
    response = HANDLER(environ, lambda s, h, exc_info=None: status.append(s))
    b"".join(response)
    response.close()
    if not status[0].startswith("200"):
        raise SystemExit(f"{path}: {status[0]}")


def use(mode: str) -> None:
    django_checks = mode == "django"
    connection.settings_dict["CONN_HEALTH_CHECKS"] = django_checks
    connection.health_check_enabled = django_checks
    for signal, receiver in (
        (request_started, connections.check_connections),
        (request_finished, connections.mark_used),
    ):
        if django_checks:
            signal.disconnect(dispatch_uid="portal.db")
        else:
            signal.connect(receiver, dispatch_uid="portal.db")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--per-round", type=int, default=20)
    args = parser.parse_args()
    connection.settings_dict["CONN_MAX_AGE"] = 600
    samples = {(m, p): ([], []) for m in ("django", "portal") for p in PAGES}
    for path, cookie in PAGES.values():  # warm: fill the page cache, open the connection
        for _ in range(5):
            get(path, cookie)
    for _ in range(args.rounds):
        for mode in ("django", "portal"):
            use(mode)
            for page, (path, cookie) in PAGES.items():
                cpu, wall = samples[mode, page]
                for _ in range(args.per_round):
                    c0, w0 = time.process_time(), time.perf_counter()
                    get(path, cookie)
                    cpu.append(time.process_time() - c0)
                    wall.append(time.perf_counter() - w0)
    n = args.rounds * args.per_round
    print(f"{n} requests per page and mode, on one connection; medians in ms")
    print(f"{'page':<18}{'mode':<9}{'CPU':>8}{'wall':>8}")
    for (mode, page), (cpu, wall) in samples.items():
        cpu_ms, wall_ms = statistics.median(cpu) * 1000, statistics.median(wall) * 1000
        print(f"{page:<18}{mode:<9}{cpu_ms:>8.3f}{wall_ms:>8.3f}")


if __name__ == "__main__":
    main()
