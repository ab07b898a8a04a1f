"""Killing one gunicorn worker (the OOM killer, a crash) loses at most the requests it
was executing: gunicorn.conf.py lets a worker take no more connections than its threads,
so the rest wait in the listening socket's backlog for the next worker."""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.deploy.cluster import wait_until

pytestmark = pytest.mark.loadtest

ROOT = Path(__file__).resolve().parents[2]
THREADS = 4
REQUESTS = 60


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def _get_slow(path: str) -> bool:
    """One request on its own connection; whether a full answer came back."""
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as conn:
            conn.settimeout(60)
            conn.connect(path)
            conn.sendall(b"GET /slow/ HTTP/1.0\r\nHost: localhost\r\n\r\n")
            answer = b""
            while chunk := conn.recv(4096):
                answer += chunk
    except OSError:
        return False
    return answer.split(b"\r\n", 1)[0].endswith(b" 200 OK") and answer.endswith(b"\r\n\r\nok")


@pytest.fixture
def gunicorn(tmp_path):
    address = tmp_path / "gunicorn.sock"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "GUNICORN_BIND": f"unix:{address}",
        "GUNICORN_WORKERS": "1",  # the master starts a new one when it is killed
        "GUNICORN_THREADS": str(THREADS),
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "tests.deploy.slow_wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(lambda: address.exists() and _children(server.pid), timeout=90, what="gunicorn")
        assert _get_slow(str(address))  # the worker has loaded and answers
        yield server, str(address)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)
        log.close()


def test_killing_a_worker_loses_at_most_the_requests_it_was_executing(gunicorn):
    server, address = gunicorn
    results: list[bool] = []
    clients = [
        threading.Thread(target=lambda: results.append(_get_slow(address))) for _ in range(REQUESTS)
    ]
    for client in clients:
        client.start()
    time.sleep(1.5)  # the first requests are being executed, the others wait
    (worker,) = _children(server.pid)
    os.kill(worker, signal.SIGKILL)
    for client in clients:
        client.join(timeout=120)

    assert len(results) == REQUESTS
    assert results.count(False) <= THREADS, f"{results.count(False)} of {REQUESTS} lost"
