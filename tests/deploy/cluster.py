"""Several servers on this machine, for the multi-server tests and scripts/bench_servers.py:
nginx with deploy/nginx/portal.conf in front of two gunicorns, a Redis of its own, and
(optionally) moto's S3 server for the uploads, every one on a free loopback port and
with its folders in one temporary directory. Everything is started as the current user
and stopped again by `Cluster.close()`.

deploy/nginx/portal.conf is used as it is, with the production values that name this
machine (app server addresses, ports, certificate, folders) replaced: `render` fails when
one of them is no longer in the file, so the test follows the file.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import redis
import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy" / "nginx"
NGINX = os.environ.get("NGINX", "/usr/sbin/nginx")
REDIS_SERVER = os.environ.get("REDIS_SERVER", "/usr/bin/redis-server")
BIN = Path(sys.executable).parent
PUBLIC_BUCKET = "portal-media"
PRIVATE_BUCKET = "portal-private"


def plain_client() -> requests.Session:
    """No proxy and no CA bundle from the environment (REQUESTS_CA_BUNDLE would win over
    `verify`): only loopback servers are asked."""
    session = requests.Session()
    session.trust_env = False
    return session


def ensure_binaries() -> None:
    """nginx and redis-server from Debian (scripts/ensure_servers.sh installs them)."""
    if not (os.access(NGINX, os.X_OK) and os.access(REDIS_SERVER, os.X_OK)):
        subprocess.run(["bash", str(ROOT / "scripts" / "ensure_servers.sh")], check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def render(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        if old not in text:
            raise AssertionError(f"deploy/nginx: {old!r} is no longer in the file")
        text = text.replace(old, new)
    return text


def wait_until(check, *, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, requests.RequestException, redis.ConnectionError):
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{what} did not start within {timeout:.0f} s")


class SourceAddress(HTTPAdapter):
    """Connections from one loopback address (127.0.0.2, …): one 'client' per address."""

    def __init__(self, address: str, **kwargs):
        self.address = address
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


@dataclass
class AppServer:
    """One gunicorn (gunicorn.conf.py, bound by GUNICORN_BIND) with its own log file."""

    name: str
    port: int
    env: dict
    log: Path
    process: subprocess.Popen | None = None

    def start(self) -> None:
        env = {**self.env, "GUNICORN_BIND": f"127.0.0.1:{self.port}"}
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait(self, timeout: float = 90) -> None:
        def up():
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.name} exited:\n{self.log.read_text()[-3000:]}")
            return plain_client().get(f"http://127.0.0.1:{self.port}/healthz", timeout=2).ok

        wait_until(up, timeout=timeout, what=f"gunicorn {self.name}")

    def stop(self, sig=signal.SIGTERM) -> None:
        """SIGTERM: gunicorn's graceful stop (requests in progress are finished)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(sig)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def reload(self, timeout: float = 60) -> None:
        """New worker processes (SIGHUP), with nothing kept in memory from before; returns
        once the old ones are gone, so no request reaches them any more."""
        exits = self.log.read_text(errors="replace").count("Worker exiting")
        self.process.send_signal(signal.SIGHUP)
        wait_until(
            lambda: self.log.read_text(errors="replace").count("Worker exiting") > exits,
            timeout=timeout,
            what=f"gunicorn {self.name}'s new workers",
        )

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def served(self, marker: str) -> bool:
        """Whether this server's access log has a request whose User-Agent is `marker`."""
        return marker in self.log.read_text(errors="replace")


@dataclass
class Cluster:
    database_url: str
    workers: int = 1
    threads: int = 4
    s3: bool = True
    app_count: int = 2
    extra_env: dict = field(default_factory=dict)

    def __post_init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="portal-cluster-"))
        self.port = free_port()
        self.base = f"https://127.0.0.1:{self.port}"
        self.cert = self.dir / "cert.pem"
        self.processes: list[subprocess.Popen] = []
        self.apps: list[AppServer] = []
        self.used = False  # set by the tests once a test has written through the site

    # --- start and stop ---------------------------------------------------------------

    def start(self) -> "Cluster":
        ensure_binaries()
        try:
            self.make_certificate()
            self._redis()
            if self.s3:
                self._moto()
            env = self._app_env()
            self.apps = [
                AppServer(name, free_port(), env, self.dir / f"gunicorn-{name}.log")
                for name in "AB"[: self.app_count]
            ]
            for app in self.apps:
                app.start()
            for app in self.apps:
                app.wait()
            self._nginx()
        except BaseException:
            self.close()
            raise
        return self

    def close(self) -> None:
        for app in self.apps:
            app.stop()
        for process in reversed(self.processes):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
        if os.environ.get("KEEP_CLUSTER_LOGS"):
            print(f"cluster logs kept in {self.dir}")
        else:
            shutil.rmtree(self.dir, ignore_errors=True)

    def _spawn(self, name: str, args: list[str], **kwargs) -> subprocess.Popen:
        log = open(self.dir / f"{name}.log", "ab")  # noqa: SIM115 - kept by the process
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT, **kwargs)
        self.processes.append(process)
        return process

    def make_certificate(self) -> None:
        """A self-signed certificate for 127.0.0.1: the HTTPS server block runs as it is."""
        subprocess.run(
            [
                "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
                "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                "-keyout", str(self.dir / "key.pem"), "-out", str(self.cert),
            ],
            check=True,
            capture_output=True,
        )  # fmt: skip

    def _redis(self) -> None:
        self.redis_port = free_port()
        self._spawn(
            "redis",
            [REDIS_SERVER, "--bind", "127.0.0.1", "--port", str(self.redis_port), "--save", "",
             "--appendonly", "no", "--dir", str(self.dir)],
        )  # fmt: skip
        self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        wait_until(lambda: self.redis().ping(), timeout=20, what="redis-server")

    def redis(self) -> redis.Redis:
        return redis.Redis.from_url(self.redis_url)

    def _moto(self) -> None:
        self.s3_port = free_port()
        self.s3_endpoint = f"http://127.0.0.1:{self.s3_port}"
        self._spawn("moto", [str(BIN / "moto_server"), "-H", "127.0.0.1", "-p", str(self.s3_port)])
        wait_until(
            lambda: plain_client().get(self.s3_endpoint, timeout=2).ok, timeout=60, what="moto"
        )
        for bucket in (PUBLIC_BUCKET, PRIVATE_BUCKET):
            self.s3_client().create_bucket(Bucket=bucket)

    def s3_client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.s3_endpoint,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            region_name="us-east-1",
        )

    def _app_env(self) -> dict:
        (self.dir / "media").mkdir()
        (self.dir / "private").mkdir()
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("S3_", "GUNICORN_", "REDIS_", "DJANGO_"))
        }
        env.update(
            DATABASE_URL=self.database_url,
            SECRET_KEY="multi-server-test-key-" + uuid.uuid4().hex,
            DEBUG="false",
            SITE_URL=self.base,
            ALLOWED_HOSTS="127.0.0.1",
            CSRF_TRUSTED_ORIGINS=self.base,
            REDIS_URL=self.redis_url,
            CACHE_KEY_PREFIX="portal",
            TRUSTED_PROXIES="127.0.0.1",
            SECURE_SSL_REDIRECT="true",
            SESSION_COOKIE_SECURE="true",
            CSRF_COOKIE_SECURE="true",
            SERVE_MEDIA="false",
            MEDIA_ROOT=str(self.dir / "media"),
            PRIVATE_MEDIA_ROOT=str(self.dir / "private"),
            CAPTCHA_TEST_MODE="true",
            GUNICORN_WORKERS=str(self.workers),
            GUNICORN_THREADS=str(self.threads),
            # gunicorn.conf.py writes no access log (nginx does); `served_by` reads it.
            GUNICORN_CMD_ARGS="--access-logfile -",
            LOG_LEVEL="WARNING",
        )
        if self.s3:
            env.update(
                S3_BUCKET=PUBLIC_BUCKET,
                S3_PRIVATE_BUCKET=PRIVATE_BUCKET,
                S3_ENDPOINT_URL=self.s3_endpoint,
                S3_REGION="us-east-1",
                S3_ACCESS_KEY_ID="test",
                S3_SECRET_ACCESS_KEY="test",
                S3_PUBLIC_URL=self.base,
            )
        env.update(self.extra_env)
        return env

    def nginx_config(self, *, media: str) -> str:
        """deploy/nginx/portal.conf for this machine, and the /media/ file it includes."""
        media_conf = self.dir / "portal-media.conf"
        if media == "s3":
            media_conf.write_text(
                render(
                    (DEPLOY / "media-s3.conf").read_text(),
                    {
                        "https://s3.example.com/portal-media/media/": (
                            f"{self.s3_endpoint}/{PUBLIC_BUCKET}/media/"
                        ),
                        "proxy_set_header Host s3.example.com;": (
                            f"proxy_set_header Host 127.0.0.1:{self.s3_port};"
                        ),
                    },
                )
            )
        else:
            media_conf.write_text(
                render(
                    (DEPLOY / "media-disk.conf").read_text(),
                    {"/srv/portal/media/": f"{self.dir / 'media'}/"},
                )
            )
        upstreams = "\n    ".join(
            f"server 127.0.0.1:{app.port} max_fails=1 fail_timeout=10s;" for app in self.apps
        )
        return render(
            (DEPLOY / "portal.conf").read_text(),
            {
                "server 10.0.0.11:8000 max_fails=1 fail_timeout=10s;\n"
                "    server 10.0.0.12:8000 max_fails=1 fail_timeout=10s;": upstreams,
                "listen 80;\n    listen [::]:80;": f"listen 127.0.0.1:{free_port()};",
                "listen 443 ssl http2;\n    listen [::]:443 ssl http2;": (
                    f"listen 127.0.0.1:{self.port} ssl http2;"
                ),
                "/etc/letsencrypt/live/www.example.org/fullchain.pem": str(self.cert),
                "/etc/letsencrypt/live/www.example.org/privkey.pem": str(self.dir / "key.pem"),
                "/var/log/nginx/portal.access.log": str(self.dir / "access.log"),
                "/srv/portal/nginx-errors": str(DEPLOY / "errors"),
                "/srv/portal/app/staticfiles/": f"{ROOT / 'staticfiles'}/",  # STATIC_ROOT
                "/etc/nginx/portal-media.conf": str(media_conf),
                "/var/cache/nginx/portal": str(self.dir / "nginx-cache"),
            },
        )

    def write_nginx(self, *, media: str) -> Path:
        (self.dir / "portal.conf").write_text(self.nginx_config(media=media))
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers keep the current user
        temp = "\n".join(
            f"  {kind}_temp_path {self.dir / 'nginx-temp' / kind};"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        main = self.dir / "nginx.conf"
        main.write_text(
            f"{user}worker_processes 1;\npid {self.dir / 'nginx.pid'};\n"
            f"error_log {self.dir / 'nginx-error.log'} warn;\ndaemon off;\n"
            "events { worker_connections 1024; }\n"
            "http {\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n"
            f"{temp}\n  include {self.dir / 'portal.conf'};\n}}\n"
        )
        (self.dir / "nginx-temp").mkdir(exist_ok=True)
        return main

    def nginx_test(self, *, media: str) -> subprocess.CompletedProcess:
        """`nginx -t` on the rendered configuration."""
        main = self.write_nginx(media=media)
        return subprocess.run(
            [NGINX, "-t", "-p", str(self.dir), "-c", str(main), "-e", str(self.dir / "e.log")],
            capture_output=True,
            text=True,
        )

    def _nginx(self) -> None:
        main = self.write_nginx(media="s3" if self.s3 else "disk")
        self._spawn(
            "nginx", [NGINX, "-p", str(self.dir), "-c", str(main), "-e", str(self.dir / "e.log")]
        )
        wait_until(
            lambda: plain_client().get(f"{self.base}/healthz", verify=self.cert, timeout=2).ok,
            timeout=30,
            what="nginx",
        )

    # --- helpers for the tests ----------------------------------------------------------

    def client(self, address: str = "127.0.0.1") -> requests.Session:
        """A browser-like client connecting from `address` (any 127.x.y.z)."""
        session = plain_client()
        session.mount("https://", SourceAddress(address))
        session.verify = str(self.cert)
        session.headers["Referer"] = f"{self.base}/"
        return session

    def url(self, path: str) -> str:
        return path if path.startswith("http") else f"{self.base}{path}"

    def get(self, session, path: str, **kwargs):
        """GET with a unique User-Agent, so `served_by` can tell which server answered."""
        return self.request(session, "GET", path, **kwargs)

    def post(self, session, path: str, **kwargs):
        return self.request(session, "POST", path, **kwargs)

    def request(self, session, method: str, path: str, *, past_nginx=False, **kwargs):
        """`past_nginx`: with a query parameter no reader page reads, which nginx passes on
        without answering from or storing in its cache (the app drops it)."""
        marker = f"portal-test-{uuid.uuid4().hex}"
        if past_nginx:
            path += ("&" if "?" in path else "?") + f"past-nginx={marker}"
        headers = {"User-Agent": marker, **kwargs.pop("headers", {})}
        kwargs.setdefault("allow_redirects", False)
        kwargs.setdefault("timeout", 60)
        response = session.request(method, self.url(path), headers=headers, **kwargs)
        response.marker = marker
        return response

    def served_by(self, response) -> str | None:
        """The name ("A", "B") of the app server that answered `response`; None for one
        nginx answered itself. gunicorn writes its log line just after the response, so
        give it a moment."""
        for _ in range(10):
            for app in self.apps:
                if app.served(response.marker):
                    return app.name
            time.sleep(0.1)
        return None

    def forget_cache(self) -> None:
        """Empty the shared cache (pages, versions, counters) and outwait nginx's 1 s (whole seconds: up to 2 s): data
        written by the test process itself, outside the site, shows at once."""
        self.redis().flushdb()
        time.sleep(2.1)


def database_url(name: str) -> str:
    """DATABASE_URL with another database name (the test database)."""
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{name}"))
