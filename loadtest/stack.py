"""The servers of one load run, all private to it: a PostgreSQL cluster in the run's
folder (scripts/devdb.py's embedded server, on a unix socket: never the shared service
on 5432), a redis-server on a free loopback port, and gunicorn started with the
project's gunicorn.conf.py in production mode (DEBUG off, Redis cache). Each can be
stopped and started again while the others keep running: that is how run.py makes the
database and the cache fail.

Nothing here imports Django: the site runs in its own processes (manage.py, gunicorn).
"""

from __future__ import annotations

import http.client
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
sys.path.insert(0, str(ROOT / "scripts"))
import devdb  # noqa: E402  (scripts/ is not a package)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, *, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    raise RuntimeError(f"{what} did not come up within {seconds:.0f} s")


class Postgres:
    """A cluster in `folder`/pg, its own postmaster; `stop()` is a fast shutdown (open
    connections are cut, as in a crash or a restart of the service)."""

    def __init__(self, folder: Path):
        self.pgdata = folder / "pg"
        self.url = ""

    def start(self) -> str:
        self.url = devdb.start(self.pgdata, "portal")
        return self.url

    def stop(self) -> None:
        devdb.stop(self.pgdata)

    def running(self) -> bool:
        return devdb.status(self.pgdata)


class Redis:
    """redis-server on a free loopback port, no persistence: back after a stop, it is
    empty, as a restarted cache server is."""

    def __init__(self, folder: Path):
        self.folder = folder / "redis"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        binary = shutil.which("redis-server")
        if not binary:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.process = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.folder), "--loglevel", "warning"],
            stdout=subprocess.DEVNULL,
        )
        wait_until(self.answers, seconds=10, what="redis-server")

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class Site:
    """The portal under gunicorn (gunicorn.conf.py) on a free port, with the demo
    content, uploads in the run's folder, the captcha in test mode (it accepts
    "PASSED", as in the tests) and the client address taken from X-Real-IP (as behind
    nginx), so a run can post from many addresses."""

    def __init__(self, folder: Path, *, database_url: str, redis_url: str, workers: int):
        self.folder = folder
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.process: subprocess.Popen | None = None
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CACHE_KEY_PREFIX": "loadtest",
            "DEBUG": "false",
            "SECRET_KEY": "loadtest-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "LOG_LEVEL": "WARNING",
            "MEDIA_ROOT": str(folder / "media"),
            "PRIVATE_MEDIA_ROOT": str(folder / "private"),
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "CAPTCHA_TEST_MODE": "true",
            "TRUSTED_PROXIES": "127.0.0.1",
            "GUNICORN_WORKERS": str(workers),
        }

    def manage(self, *args: str) -> str:
        result = subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env=self.env, capture_output=True, text=True
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
        return result.stdout

    def prepare(self) -> dict[str, float]:
        """Tables, the demo content and the static files (collected only when there is no
        manifest yet: `make test` collects them at its start). Seconds per step."""
        steps = {}
        for step in (("migrate", "--noinput"), ("load_demo",), ("collectstatic", "--noinput")):
            if step[0] == "collectstatic" and (ROOT / "staticfiles" / "staticfiles.json").exists():
                continue
            began = time.monotonic()
            self.manage(*step)
            steps[step[0]] = round(time.monotonic() - began, 1)
        return steps

    def start(self) -> None:
        self.log = open(self.folder / "gunicorn.log", "ab")  # noqa: SIM115
        self.process = subprocess.Popen(
            [PY, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"127.0.0.1:{self.port}"]
            + ["--access-logfile", "/dev/null", "--error-logfile", "-", "--no-control-socket"],
            cwd=ROOT,
            env=self.env,
            stdout=self.log,
            stderr=self.log,
        )
        wait_until(self.healthy, seconds=60, what="gunicorn")

    def healthy(self) -> bool:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            conn.request("GET", "/healthz")
            return conn.getresponse().status == 200
        except OSError:
            return False

    def pid(self) -> int:
        return self.process.pid if self.process else 0

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self.log.close()
