"""The portal's WSGI application with one extra path for tests/deploy/test_worker_kill.py:
/slow/ answers after a second, long enough to kill a worker while it serves requests."""

import time

from portal.wsgi import application as portal


def application(environ, start_response):
    if environ.get("PATH_INFO") == "/slow/":
        time.sleep(1)
        start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", "2")])
        return [b"ok"]
    return portal(environ, start_response)
