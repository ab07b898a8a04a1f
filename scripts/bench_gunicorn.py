"""The portal behind nginx and under gunicorn at 100,000 articles (not a test).

    .venv/bin/python scripts/bench_gunicorn.py            # writes docs/benchmarks.md

One command: builds (or reuses) a database of the demo plus 100,000 articles, one
section (国家级开发区动态) holding 19,999 (news.bulk: one INSERT … generate_series),
VACUUM ANALYZE; starts the ceiling (scripts/bench_ceiling.py: a bare Django view
answering 30 KB, no database, no middleware) and the portal, both under the project's
own gunicorn.conf.py with --workers (2) and Redis, and nginx with the project's own
deploy/nginx/portal.conf (plain HTTP on loopback instead of TLS, Debian's default
`gzip on`) in front of the portal. Then, with wrk (2 threads, 16 connections), in
interleaved rounds:

- nginx serving a static 30 KB file: this machine's limit for one HTTP response;
- home, section and article through nginx (its cache), each ÷ that limit; the home page
  also with `Accept-Encoding: gzip` (what compressing each hit costs);
- the same pages straight from gunicorn (the portal's page cache) ÷ the ceiling;
- the uncached home, section and article (a request carrying a session cookie) beside
  bakerydemo's home, blog index and blog post (scripts/bakerydemo.py builds it from its
  repository and PyPI; --bakerydemo-src, or --no-bakerydemo), and a new search query on
  each: never the same query twice; the portal's also at one connection;
- the server's CPU per request for those rows: gunicorn's workers, the PostgreSQL
  backends of the app's database and the run's own Redis, read from /proc.

--only-search runs the new-query search rows alone and prints them (no report).
The figures are those of a shared machine: read the ratios, each taken within a round;
the report states the load average.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import bakerydemo  # scripts/: Wagtail's bakerydemo, built beside the portal
import devdb  # scripts/: the database to measure in

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
HOST = "127.0.0.1"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
# A reader who chose traditional characters (portal/traditional.py).
HANT = {"Cookie": "script=hant"}
# A request carrying a session is never answered from a cache.
SESSION = "sessionid=benchmark"
STATIC_FILE = "bench/30k.html"

# wrk prints one JSON line at the end of a run (LUA_DONE), and may pick the next path
# from a list (LUA_PATHS: thread i takes paths i, i + threads, …: no path twice).
LUA_DONE = r"""
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests":%d,"duration_us":%d,"timeouts":%d,"socket_errors":%d,'
    .. '"bad_status":%d,"p50_us":%d,"p95_us":%d,"p99_us":%d}\n',
    summary.requests, summary.duration, e.timeout, e.connect + e.read + e.write,
    e.status, latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""
LUA_PATHS = r"""
local next_id = 0
local threads = 0
setup = function(thread)
  thread:set("tid", next_id)
  next_id = next_id + 1
  threads = threads + 1
end
init = function(args)
  counter = tid
  step = tonumber(args[1])
end
request = function()
  if counter >= #paths then
    -- every path of this thread sent once: no repeats (a repeat would be a cache hit)
    exhausted = true
    return wrk.format("GET", "/healthz")
  end
  local p = paths[counter + 1]
  counter = counter + step
  return wrk.format("GET", p)
end
response = function(status, headers, body)
  if exhausted then
    wrk.thread:stop()
  end
end
"""


def django_env(db: str, redis_url: str) -> dict:
    return {
        **os.environ,
        "DATABASE_URL": devdb.database_url(db),
        "DEBUG": "false",
        "SECRET_KEY": "bench-" + "k" * 50,
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOG_LEVEL": "WARNING",
        "SITE_URL": f"http://{HOST}",
        "REDIS_URL": redis_url,
        "MEDIA_ROOT": str(ROOT / "test-artifacts" / "bench-media"),
        "PRIVATE_MEDIA_ROOT": str(ROOT / "test-artifacts" / "bench-private"),
    }


BUILD = """
import json
from pathlib import Path
from django.db import connection
from news.bulk import add_articles
from news.models import Article, Section
from portal import freshness
n, big_n = {n}, {big}
if Article.objects.count() < n:
    docs = json.loads(Path("tests/search/corpus.json").read_text(encoding="utf-8"))
    texts = [(d["title"], d["summary"], d["body"]) for d in docs]
    slugs = ["association", "local", "policy", "notices", "cases"]
    others = list(Section.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    big = Section.objects.get(slug="national")
    add_articles(n, others, texts, big_section=big.pk, big_count=big_n)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE news_article")
    freshness.bump()
big = Section.objects.get(slug="national")
article = Article.objects.published().filter(section=big).order_by("-publish_at")[300]
print(json.dumps({{"article": article.pk, "big_pages": -(-Article.objects.published()
    .filter(section=big).count() // 20)}}))
"""


def build_database(env: dict, n: int, big: int) -> dict:
    def manage(*args, **kw):
        return subprocess.run(
            [PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, **kw
        )

    manage("migrate", "--noinput")
    code = "from news.models import Article; print(Article.objects.exists())"
    if manage("shell", "-c", code, text=True).stdout.strip() != "True":
        manage("load_demo")
    manage("collectstatic", "--noinput")
    out = manage("shell", "-c", BUILD.format(n=n, big=big), text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


QUERIES = """
import json, sys
from pathlib import Path
from search.text import segment
docs = json.loads(Path("tests/search/corpus.json").read_text(encoding="utf-8"))
words, pairs, triples = [], [], []
for doc in docs:
    for text in (doc["title"], doc["summary"], doc["body"]):
        tokens = [t for t in segment(text) if len(t) >= 2]
        words.extend(tokens)
        pairs.extend(f"{a} {b}" for a, b in zip(tokens, tokens[1:]))
        triples.extend(f"{a} {b} {c}" for a, b, c in zip(tokens, tokens[1:], tokens[2:]))
print(json.dumps(list(dict.fromkeys(words + pairs + triples)), ensure_ascii=False))
"""


def search_queries(env: dict) -> list[str]:
    """Words of the test corpus (two characters or more), then adjacent word pairs and
    triples, segmented as the search segments them: each query once. Shuffled with a
    fixed seed, so that every run (and each of its parts) mixes common words, rare words
    and multi-word queries alike."""
    out = subprocess.run(
        [PY, "manage.py", "shell", "-c", QUERIES],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    queries = json.loads(out.strip().splitlines()[-1])
    random.Random(13).shuffle(queries)
    return queries


@contextmanager
def gunicorn(port: int, env: dict, *extra: str, app: str | None = None):
    args = [PY, "-m", "gunicorn", "-c", "gunicorn.conf.py", "--bind", f"{HOST}:{port}", *extra]
    if app:
        args += ["--pythonpath", "scripts", app]
    with served(args, ROOT, env, port) as server:
        yield server


@contextmanager
def served(args: list[str], cwd: Path, env: dict, port: int):
    """A server started with `args`, once it answers on `port`."""
    server = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=5).read()
                break
            except OSError as exc:
                if getattr(exc, "code", None):  # an HTTP answer: it is up
                    break
                time.sleep(0.1)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=30)


def wrk(
    port, path, seconds, *, cookie="", gzip=False, paths=None, connections=16, threads=2
) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write('wrk.headers["Host"] = "127.0.0.1"\n')
        if gzip:
            script.write('wrk.headers["Accept-Encoding"] = "gzip"\n')
        if cookie:  # e.g. a session (never served from a cache) or script=hant (简/繁)
            script.write(f'wrk.headers["Cookie"] = "{cookie}"\n')
        if paths:
            script.write("paths = " + _lua_list(paths) + "\n" + LUA_PATHS)
        script.write(LUA_DONE)
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "2s"]
    cmd += ["-s", script.name, f"http://{HOST}:{port}{path}"]
    if paths:
        cmd += ["--", str(threads)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    os.unlink(script.name)
    result = json.loads(re.search(r"^RESULT (.*)$", out, re.M).group(1))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    return result


def one_connection(port: int, paths: list[str], seconds: float) -> dict:
    """Each path once, one request at a time over one keep-alive connection, for at most
    `seconds`: the latency a lone reader sees (median, p95), measured by the client."""
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    latencies, bad, start = [], 0, time.monotonic()
    for path in paths:
        if time.monotonic() - start > seconds:
            break
        t0 = time.perf_counter()
        conn.request("GET", path, headers={"Host": HOST})
        response = conn.getresponse()
        response.read()
        latencies.append(time.perf_counter() - t0)
        bad += response.status != 200
    conn.close()
    latencies.sort()
    n = len(latencies)

    def pct(p):
        return latencies[min(n - 1, int(n * p))] * 1e6

    return {
        "requests": n,
        "duration_us": (time.monotonic() - start) * 1e6,
        "rps": n / (time.monotonic() - start),
        "p50_us": statistics.median(latencies) * 1e6,
        "p95_us": pct(0.95),
        "p99_us": pct(0.99),
        "timeouts": 0,
        "socket_errors": 0,
        "bad_status": bad,
    }


def _proc_cpu(pid: int) -> float:
    """User + system CPU seconds of one process so far (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _backends(db: str) -> list[int]:
    """PostgreSQL's backends connected to database `db` (by their process title)."""
    out = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            title = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if title.startswith(b"postgres: ") and f" {db} ".encode() in title:
            out.append(int(proc.name))
    return out


class ServerCPU:
    """The CPU a server spends, counted across its gunicorn workers, its PostgreSQL
    backends and (when given) its Redis: read before and after a run, per request."""

    def __init__(self, master: int, db: str, *others: int):
        self.master, self.db, self.others = master, db, others

    def snapshot(self) -> dict[int, float]:
        pids = [*_children(self.master), *_backends(self.db), *self.others]
        return {pid: _proc_cpu(pid) for pid in pids}

    def measure(self, run) -> dict:
        before = self.snapshot()
        result = run()
        after = self.snapshot()
        per = 1000 / max(1, result["requests"])
        spent = {pid: cpu - before.get(pid, 0.0) for pid, cpu in after.items()}
        result["cpu_ms"] = sum(spent.values()) * per
        # the parts: gunicorn's workers (Python) and PostgreSQL's backends
        backends = set(_backends(self.db))
        result["cpu_db_ms"] = sum(v for pid, v in spent.items() if pid in backends) * per
        result["cpu_workers_ms"] = (
            sum(v for pid, v in spent.items() if pid not in backends and pid not in self.others)
            * per
        )
        return result


def search_runs(port: int, queries: list[str], seconds: int, cpu: ServerCPU) -> dict[str, dict]:
    """The new-query search at one connection, then at 16 connections (wrk), never the
    same query twice: the one-connection run takes the first queries of `queries` (as
    many as it sends in `seconds`), wrk's threads share the rest. The server's CPU per
    query is counted in both."""
    paths = [quote("/search/?q=" + q) for q in queries]
    n_single = max(50, min(len(paths) // 4, 40 * seconds))
    return {
        "search new query, 1 connection": cpu.measure(
            lambda: one_connection(port, paths[:n_single], seconds)
        ),
        "search new query": cpu.measure(lambda: wrk(port, "/", seconds, paths=paths[n_single:])),
    }


def _lua_list(paths: list[str]) -> str:
    return "{" + ",".join(json.dumps(p) for p in paths) + "}"


def quote(path: str) -> str:
    return urllib.parse.quote(path, safe="/?=&")


def fmt_ratio(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="portal_bench_100k")
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--big", type=int, default=19_999, help="articles in one section")
    parser.add_argument("--port", type=int, default=8199, help="portal; ceiling: +1")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=15, help="per wrk run")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--redis-url",
        default="",
        help="a Redis to use (emptied first); default: a redis-server of the run's own on a "
        "unix socket, as README “Deployment” recommends when Redis is on the same machine",
    )
    parser.add_argument("--out", default=str(ROOT / "docs" / "benchmarks.md"))
    parser.add_argument(
        "--only-search", action="store_true", help="only the new-query search rows, no report"
    )
    parser.add_argument(
        "--bakerydemo-src",
        type=Path,
        default=Path(os.environ.get("BAKERYDEMO_SRC", "/work/.mirror/wagtail+bakerydemo/repo")),
        help="bakerydemo's repository (a checkout or bare git directory); see scripts/bakerydemo.py",
    )
    parser.add_argument("--no-bakerydemo", action="store_true", help="leave bakerydemo out")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("需要 wrk（apt-get install wrk）。")

    with own_redis(args.redis_url) as (redis_url, redis_pid):
        run_benchmark(args, redis_url, redis_pid)


@contextmanager
def own_redis(url: str):
    """`url` emptied, or a redis-server of this run's own on a unix socket, no persistence."""
    if url:
        subprocess.run(["redis-cli", "-u", url, "flushdb"], capture_output=True)
        yield url, None  # its CPU is not counted
        return
    folder = Path(tempfile.mkdtemp(prefix="bench-redis-"))
    socket_path = folder / "redis.sock"
    server = subprocess.Popen(
        [
            "redis-server",
            "--port",
            "0",
            "--unixsocket",
            str(socket_path),
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            if socket_path.exists():
                break
            time.sleep(0.05)
        yield f"unix://{socket_path}?db=0", server.pid
    finally:
        server.terminate()
        server.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def nginx(port: int, upstream: int):
    """deploy/nginx/portal.conf in front of the portal on `upstream`: plain HTTP on `port`,
    its cache and logs in a folder of this run, /static/ from collectstatic's folder with
    a 30 KB file added."""
    folder = Path(tempfile.mkdtemp(prefix="bench-nginx-"))
    static = ROOT / "staticfiles" / STATIC_FILE
    static.parent.mkdir(parents=True, exist_ok=True)
    static.write_text("<p>" + "x" * (30 * 1024 - 8) + "</p>\n")
    conf = (ROOT / "deploy" / "nginx" / "portal.conf").read_text()
    replacements = {
        "server 10.0.0.11:8000 max_fails=1 fail_timeout=10s;\n"
        "    server 10.0.0.12:8000 max_fails=1 fail_timeout=10s;": f"server {HOST}:{upstream};",
        "listen 80;\n    listen [::]:80;": f"listen {HOST}:{port + 1};",
        "listen 443 ssl http2;\n    listen [::]:443 ssl http2;": f"listen {HOST}:{port};",
        "ssl_certificate /etc/letsencrypt/live/www.example.org/fullchain.pem;": "",
        "ssl_certificate_key /etc/letsencrypt/live/www.example.org/privkey.pem;": "",
        "/var/log/nginx/portal.access.log portal": "off",
        "/srv/portal/nginx-errors": str(ROOT / "deploy" / "nginx" / "errors"),
        "/srv/portal/app/staticfiles/": f"{ROOT / 'staticfiles'}/",
        "include /etc/nginx/portal-media.conf;": "",
        "/var/cache/nginx/portal": str(folder / "cache"),
    }
    for old, new in replacements.items():
        if old not in conf:
            raise SystemExit(f"deploy/nginx/portal.conf: {old!r} is no longer in the file")
        conf = conf.replace(old, new)
    (folder / "portal.conf").write_text(conf)
    temp = "".join(
        f"  {kind}_temp_path {folder / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (folder / "nginx.conf").write_text(
        f"{'user root;' if os.geteuid() == 0 else ''}\nworker_processes 1;\n"
        f"pid {folder / 'nginx.pid'};\nerror_log {folder / 'error.log'} warn;\ndaemon off;\n"
        "events { worker_connections 1024; }\nhttp {\n  include /etc/nginx/mime.types;\n"
        f"  sendfile on;\n  gzip on;\n{temp}  include {folder / 'portal.conf'};\n}}\n"
    )
    server = subprocess.Popen(
        ["nginx", "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "e.log")]
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://{HOST}:{port}/static/{STATIC_FILE}").read()
                break
            except OSError:
                time.sleep(0.1)
        yield server
    finally:
        server.terminate()
        server.wait(timeout=10)
        static.unlink()
        shutil.rmtree(folder, ignore_errors=True)


def run_benchmark(args, redis_url: str, redis_pid: int | None) -> None:
    env = django_env(args.db, redis_url)
    print(f"building {args.db} ({args.articles} articles) …", flush=True)
    t0 = time.monotonic()
    data = build_database(env, args.articles, args.big)
    print(f"  ready in {time.monotonic() - t0:.0f} s: {data}", flush=True)
    pages = {"home": "/", "section": "/news/national/", "article": f"/articles/{data['article']}/"}
    workers = ["--workers", str(args.workers)]  # threads: gunicorn.conf.py's
    front = args.port + 2
    queries = search_queries(env)
    per_round = max(1, len(queries) // args.rounds)
    side = None
    if not args.no_bakerydemo:
        print("building bakerydemo …", flush=True)
        bakerydemo.build(args.bakerydemo_src)
        side = bakerydemo.pages()
        words = bakerydemo.words()
        side_per_round = max(1, len(words) // args.rounds)
    rounds: list[dict] = []
    with (
        gunicorn(args.port + 1, env, *workers, app="bench_ceiling:application"),
        gunicorn(args.port, env, *workers) as portal,
        nginx(front, args.port),
        bakerydemo_served(side, args.port + 4, args.workers) as bakery,
    ):
        portal_cpu = ServerCPU(portal.pid, args.db, *([redis_pid] if redis_pid else []))
        for path in pages.values():
            urllib.request.urlopen(f"http://{HOST}:{args.port}{path}").read()  # warm
        traditional = urllib.request.Request(f"http://{HOST}:{args.port}/", headers=HANT)
        urllib.request.urlopen(traditional).read()
        for path in (side or {}).values():
            urllib.request.urlopen(f"http://{HOST}:{args.port + 4}{path}").read()  # warm
        for r in range(args.rounds):
            print(f"round {r + 1}/{args.rounds}", flush=True)
            row: dict[str, dict] = {}

            def run(name, port, path, cpu=None, **kw):
                def once():
                    return wrk(port, path, args.seconds, **kw)

                show(name, cpu.measure(once) if cpu else once())

            def show(name, res):
                row[name] = res  # noqa: B023
                print(
                    f"  {name:36} {res['rps']:8.0f} req/s  p50 {res['p50_us'] / 1000:6.1f}"
                    f"  p95 {res['p95_us'] / 1000:6.1f}  p99 {res['p99_us'] / 1000:6.1f} ms"
                    f"  timeouts {res['timeouts']}  bad {res['bad_status']}"
                    + (
                        f"  CPU {res['cpu_ms']:.1f} ms/req"
                        f" (workers {res['cpu_workers_ms']:.1f}, PostgreSQL {res['cpu_db_ms']:.1f})"
                        if "cpu_ms" in res
                        else ""
                    ),
                    flush=True,
                )

            chunk = queries[r * per_round : (r + 1) * per_round]
            for name, res in search_runs(args.port, chunk, args.seconds, portal_cpu).items():
                show(name, res)
            if args.only_search:
                rounds.append(row)
                continue
            run("nginx static 30 KB", front, f"/static/{STATIC_FILE}")
            for name, path in pages.items():
                run(f"{name} through nginx", front, path)
            run("home through nginx, gzip", front, "/", gzip=True)
            run("ceiling (bare Django view)", args.port + 1, "/")
            for name, path in pages.items():
                run(f"{name} from gunicorn", args.port, path)
            run("home through nginx, 繁", front, "/", cookie=HANT["Cookie"])
            run("home from gunicorn, 繁", args.port, "/", cookie=HANT["Cookie"])
            for name, path in pages.items():
                run(f"{name} uncached", args.port, path, portal_cpu, cookie=SESSION)
            if bakery:
                bakery_cpu = ServerCPU(bakery.pid, bakerydemo.DATABASE)
                for name, path in side.items():
                    run(f"bakerydemo {name}", args.port + 4, path, bakery_cpu)
                paths = [
                    quote("/search/?q=" + w)
                    for w in words[r * side_per_round : (r + 1) * side_per_round]
                ]
                run("bakerydemo search new query", args.port + 4, "/", bakery_cpu, paths=paths)
            rounds.append(row)

    if args.only_search:
        search_summary(rounds)
    else:
        write_report(args, rounds)


@contextmanager
def bakerydemo_served(pages: dict | None, port: int, workers: int):
    """bakerydemo under gunicorn with the portal's worker and thread counts (or nothing
    when it is left out)."""
    if pages is None:
        yield None
        return
    threads = int(os.environ.get("GUNICORN_THREADS", 4))  # gunicorn.conf.py's default
    args, cwd, env = bakerydemo.gunicorn_command(f"{HOST}:{port}", workers, threads)
    with served(args, cwd, env, port) as server:
        yield server


def search_summary(rounds) -> dict:
    """The new-query search over the rounds (medians of rounds, timeouts summed)."""
    single = [row["search new query, 1 connection"] for row in rounds]
    many = [row["search new query"] for row in rounds]
    s = {
        "p50_1": statistics.median(r["p50_us"] for r in single) / 1000,
        "p95_1": statistics.median(r["p95_us"] for r in single) / 1000,
        "n_1": sum(r["requests"] for r in single),
        "p50": statistics.median(r["p50_us"] for r in many) / 1000,
        "p95": statistics.median(r["p95_us"] for r in many) / 1000,
        "p99": statistics.median(r["p99_us"] for r in many) / 1000,
        "rps": statistics.median(r["rps"] for r in many),
        "timeouts": sum(r["timeouts"] for r in many),
        "n": sum(r["requests"] for r in many),
        "cpu": statistics.median(r["cpu_ms"] for r in many),
        "cpu_1": statistics.median(r["cpu_ms"] for r in single),
        "py": statistics.median(r["cpu_workers_ms"] for r in many),
        "db": statistics.median(r["cpu_db_ms"] for r in many),
        "py_1": statistics.median(r["cpu_workers_ms"] for r in single),
        "db_1": statistics.median(r["cpu_db_ms"] for r in single),
        "load": os.getloadavg(),
    }
    s["met"] = s["p50_1"] <= 20 and s["p95_1"] <= 60 and s["timeouts"] == 0 and s["cpu"] <= 10
    print(
        f"search, 1 connection: median {s['p50_1']:.1f} ms, p95 {s['p95_1']:.1f} ms "
        f"({s['n_1']} queries); 16 connections: p50 {s['p50']:.0f} ms, p95 {s['p95']:.0f} ms, "
        f"p99 {s['p99']:.0f} ms, {s['rps']:.0f} req/s, {s['timeouts']} timeouts ({s['n']} "
        f"queries); server CPU per query {s['cpu_1']:.1f} ms (1 connection: workers "
        f"{s['py_1']:.1f}, PostgreSQL {s['db_1']:.1f}), {s['cpu']:.1f} ms (16: workers "
        f"{s['py']:.1f}, PostgreSQL {s['db']:.1f}); load average {s['load'][0]:.1f} / {s['load'][1]:.1f} / {s['load'][2]:.1f}",
        flush=True,
    )
    return s


def write_report(args, rounds) -> None:
    def ratios(name, base):
        return [row[name]["rps"] / row[base]["rps"] for row in rounds]

    def med(name, key="rps"):
        return statistics.median(row[name][key] for row in rounds)

    def ok(flag):
        return "met" if flag else "**missed**"

    static, ceiling = "nginx static 30 KB", "ceiling (bare Django view)"
    load = os.getloadavg()
    lines = [
        "# Benchmarks",
        "",
        f"Written by `scripts/bench_gunicorn.py` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
        f"{args.articles:,} articles (one section holding {args.big:,}); nginx with "
        "`deploy/nginx/portal.conf` (plain HTTP on loopback, Debian's default `gzip on`) in "
        f"front of {args.workers} gunicorn workers with the threads of `gunicorn.conf.py`; "
        f"{'Redis at ' + args.redis_url if args.redis_url else 'a Redis of its own on a unix socket'}; "
        f"wrk with 2 threads and 16 connections, {args.seconds} s per run, {args.rounds} "
        "interleaved rounds. The ceiling is a bare Django view answering 30 KB with no database "
        "and no middleware (`scripts/bench_ceiling.py`) under the same gunicorn settings; the "
        "static file is 30 KB served by the same nginx. "
        f"Load average at the end: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min) "
        f"on {os.cpu_count()} cores.",
        "",
        "| what | measured (median of rounds, range) | target | |",
        "|---|---|---|---|",
        f"| nginx, static 30 KB file | {med(static):.0f} req/s, p99 {med(static, 'p99_us') / 1000:.1f} ms | this machine's limit | |",
    ]
    for name in ("home", "section", "article"):
        r = ratios(f"{name} through nginx", static)
        lines.append(
            f"| {name}, cached, through nginx ÷ static file | {fmt_ratio(r)} ({med(name + ' through nginx'):.0f} req/s, p99 {med(name + ' through nginx', 'p99_us') / 1000:.1f} ms) | ≥ 0.5 | {ok(statistics.median(r) >= 0.5)} |"
        )
    gz = ratios("home through nginx, gzip", "home through nginx")
    lines.append(
        f"| home through nginx with `Accept-Encoding: gzip` ÷ without | {fmt_ratio(gz)} ({med('home through nginx, gzip'):.0f} req/s) | (what compressing each hit costs) | |"
    )
    lines.append(f"| bare Django view (ceiling) | {med(ceiling):.0f} req/s | | |")
    for name in ("home", "section", "article"):
        r = ratios(f"{name} from gunicorn", ceiling)
        lines.append(
            f"| {name}, cached, straight from gunicorn ÷ ceiling | {fmt_ratio(r)} ({med(name + ' from gunicorn'):.0f} req/s) | ≥ 0.4 | {ok(statistics.median(r) >= 0.4)} |"
        )
    for where in ("through nginx", "from gunicorn"):
        r = ratios(f"home {where}, 繁", f"home {where}")
        lines.append(
            f"| home in traditional characters (简/繁), cached, {where} ÷ simplified | {fmt_ratio(r)} ({med(f'home {where}, 繁'):.0f} req/s) | ≈ 1 | |"
        )
    lines += ["", "## Uncached pages and search, side by side with bakerydemo", ""]
    if "bakerydemo home" in rounds[0]:
        lines += [
            "Both under gunicorn with the same workers and threads, wrk with 16 connections, in "
            "the same rounds. The portal's pages carry a session cookie, so no cache answers "
            "them; bakerydemo has no page cache. CPU is the server's, per request: gunicorn's "
            "workers, the database's PostgreSQL backends and (the portal's) Redis, read from "
            "/proc before and after each run. The portal holds "
            f"{args.articles:,} articles; bakerydemo its own demo content "
            "(`scripts/bakerydemo.py`).",
            "",
            "| page | portal req/s | bakerydemo req/s | × by req/s | portal CPU ms/req | bakerydemo CPU ms/req | × by CPU |",
            "|---|---|---|---|---|---|---|",
        ]
        pairs = [(f"{n} uncached", f"bakerydemo {n}", n) for n in ("home", "section", "article")]
        pairs.append(("search new query", "bakerydemo search new query", "search, a new query"))
        for ours, theirs, label in pairs:
            by_rps = [row[ours]["rps"] / row[theirs]["rps"] for row in rounds]
            by_cpu = [row[theirs]["cpu_ms"] / row[ours]["cpu_ms"] for row in rounds]
            lines.append(
                f"| {label} | {med(ours):.0f} | {med(theirs):.0f} | {fmt_ratio(by_rps)} "
                f"| {med(ours, 'cpu_ms'):.1f} | {med(theirs, 'cpu_ms'):.1f} | {fmt_ratio(by_cpu)} |"
            )
    else:
        lines.append("bakerydemo left out of this run (`--no-bakerydemo`): not measured.")
    s = search_summary(rounds)
    lines += [
        "",
        "| search with a new query (never the same query twice) | measured | target | |",
        "|---|---|---|---|",
        f"| server CPU per query, 16 connections (workers + PostgreSQL + Redis) | {s['cpu']:.1f} ms | ≤ 10 ms | {ok(s['cpu'] <= 10)} |",
        f"| of which gunicorn's workers (Python) / PostgreSQL, 16 connections | {s['py']:.1f} ms / {s['db']:.1f} ms | | |",
        f"| server CPU per query, 1 connection | {s['cpu_1']:.1f} ms | ≤ 10 ms | {ok(s['cpu_1'] <= 10)} |",
        f"| of which gunicorn's workers (Python) / PostgreSQL, 1 connection | {s['py_1']:.1f} ms / {s['db_1']:.1f} ms | | |",
        f"| latency at 1 connection, median ({s['n_1']} queries) | {s['p50_1']:.1f} ms | ≤ 20 ms | {ok(s['p50_1'] <= 20)} |",
        f"| latency at 1 connection, p95 | {s['p95_1']:.1f} ms | ≤ 60 ms | {ok(s['p95_1'] <= 60)} |",
        f"| timeouts (2 s) at 16 connections ({s['n']} queries, {s['rps']:.0f} req/s) | {s['timeouts']} | 0 | {ok(s['timeouts'] == 0)} |",
        "",
        "## Every run",
        "",
        "| round | what | req/s | p50 ms | p95 ms | p99 ms | timeouts | non-2xx | server CPU ms/req |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for i, row in enumerate(rounds, 1):
        for name, r in row.items():
            cpu = f"{r['cpu_ms']:.1f}" if "cpu_ms" in r else ""
            lines.append(
                f"| {i} | {name} | {r['rps']:.0f} | {r['p50_us'] / 1000:.1f} | {r['p95_us'] / 1000:.1f} "
                f"| {r['p99_us'] / 1000:.1f} | {r['timeouts']} | {r['bad_status']} | {cpu} |"
            )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    existing = Path(args.out).read_text(encoding="utf-8") if Path(args.out).exists() else ""
    notes = existing.split("<!-- notes -->", 1)[1] if "<!-- notes -->" in existing else ""
    Path(args.out).write_text("\n".join(lines) + "\n\n<!-- notes -->" + notes, encoding="utf-8")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
