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
- the uncached home (a request carrying a session cookie) against bakerydemo's home.

--only-search runs the new-query search rows instead and prints them (no report).
The figures are those of a shared machine: read the ratios, each taken within a round.
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

import devdb  # scripts/: the database to measure in

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
HOST = "127.0.0.1"
# bakerydemo's home page as measured on this machine in an earlier side-by-side run
# (req/s under the same gunicorn settings); not measured again by this script.
BAKERYDEMO_HOME_RPS = 26.0
# A reader who chose traditional characters (portal/traditional.py).
HANT = {"Cookie": "script=hant"}
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
    server = subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
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


def search_runs(port: int, queries: list[str], seconds: int) -> dict[str, dict]:
    """The new-query search at one connection, then at 16 connections (wrk), never the
    same query twice: the one-connection run takes the first queries of `queries` (as
    many as it sends in `seconds`), wrk's threads share the rest."""
    paths = [quote("/search/?q=" + q) for q in queries]
    n_single = max(50, min(len(paths) // 4, 40 * seconds))
    return {
        "search new query, 1 connection": one_connection(port, paths[:n_single], seconds),
        "search new query": wrk(port, "/", seconds, paths=paths[n_single:]),
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
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("需要 wrk（apt-get install wrk）。")

    with own_redis(args.redis_url) as redis_url:
        run_benchmark(args, redis_url)


@contextmanager
def own_redis(url: str):
    """`url` emptied, or a redis-server of this run's own on a unix socket, no persistence."""
    if url:
        subprocess.run(["redis-cli", "-u", url, "flushdb"], capture_output=True)
        yield url
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
        yield f"unix://{socket_path}?db=0"
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


def run_benchmark(args, redis_url: str) -> None:
    env = django_env(args.db, redis_url)
    print(f"building {args.db} ({args.articles} articles) …", flush=True)
    t0 = time.monotonic()
    data = build_database(env, args.articles, args.big)
    print(f"  ready in {time.monotonic() - t0:.0f} s: {data}", flush=True)
    pages = {"home": "/", "section": "/news/national/", "article": f"/articles/{data['article']}/"}
    workers = ["--workers", str(args.workers)]  # threads: gunicorn.conf.py's
    front = args.port + 2
    queries = search_queries(env) if args.only_search else []
    per_round = max(1, len(queries) // args.rounds)
    rounds: list[dict] = []
    with (
        gunicorn(args.port + 1, env, *workers, app="bench_ceiling:application"),
        gunicorn(args.port, env, *workers),
        nginx(front, args.port),
    ):
        for path in pages.values():
            urllib.request.urlopen(f"http://{HOST}:{args.port}{path}").read()  # warm
        traditional = urllib.request.Request(f"http://{HOST}:{args.port}/", headers=HANT)
        urllib.request.urlopen(traditional).read()
        for r in range(args.rounds):
            print(f"round {r + 1}/{args.rounds}", flush=True)
            row: dict[str, dict] = {}

            def run(name, port, path, **kw):
                show(name, wrk(port, path, args.seconds, **kw))

            def show(name, res):
                row[name] = res  # noqa: B023
                print(
                    f"  {name:32} {res['rps']:8.0f} req/s  p50 {res['p50_us'] / 1000:6.1f}"
                    f"  p95 {res['p95_us'] / 1000:6.1f}  p99 {res['p99_us'] / 1000:6.1f} ms"
                    f"  timeouts {res['timeouts']}  bad {res['bad_status']}",
                    flush=True,
                )

            if args.only_search:
                chunk = queries[r * per_round : (r + 1) * per_round]
                for name, res in search_runs(args.port, chunk, args.seconds).items():
                    show(name, res)
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
            run("home uncached", args.port, "/", cookie="sessionid=benchmark")
            rounds.append(row)

    if args.only_search:
        search_summary(rounds)
        return
    write_report(args, rounds)


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
        "load": os.getloadavg(),
    }
    s["met"] = s["p50_1"] <= 25 and s["p95_1"] <= 80 and s["timeouts"] == 0
    print(
        f"search, 1 connection: median {s['p50_1']:.1f} ms, p95 {s['p95_1']:.1f} ms "
        f"({s['n_1']} queries); 16 connections: p50 {s['p50']:.0f} ms, p95 {s['p95']:.0f} ms, "
        f"p99 {s['p99']:.0f} ms, {s['rps']:.0f} req/s, {s['timeouts']} timeouts ({s['n']} "
        f"queries); load average {s['load'][0]:.1f} / {s['load'][1]:.1f} / {s['load'][2]:.1f}",
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
    home = med("home uncached")
    lines += [
        f"| uncached home (a request carrying a session) | {home:.0f} req/s = {home / BAKERYDEMO_HOME_RPS:.1f} × bakerydemo's {BAKERYDEMO_HOME_RPS:.0f} req/s (an earlier run's figure, not measured side by side here) | ≥ 12 × | {ok(home >= 12 * BAKERYDEMO_HOME_RPS)} |",
        "",
        "## Every run",
        "",
        "| round | what | req/s | p50 ms | p95 ms | p99 ms | timeouts | non-2xx |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for i, row in enumerate(rounds, 1):
        for name, r in row.items():
            lines.append(
                f"| {i} | {name} | {r['rps']:.0f} | {r['p50_us'] / 1000:.1f} | {r['p95_us'] / 1000:.1f} "
                f"| {r['p99_us'] / 1000:.1f} | {r['timeouts']} | {r['bad_status']} |"
            )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    existing = Path(args.out).read_text(encoding="utf-8") if Path(args.out).exists() else ""
    notes = existing.split("<!-- notes -->", 1)[1] if "<!-- notes -->" in existing else ""
    Path(args.out).write_text("\n".join(lines) + "\n\n<!-- notes -->" + notes, encoding="utf-8")
    print(f"written {args.out}")


if __name__ == "__main__":
    main()
