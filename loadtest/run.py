"""Load and fault run: locust, headless, against a production-mode gunicorn.

Starts a private PostgreSQL, a private redis-server and gunicorn (the project's
gunicorn.conf.py, DEBUG off) with the demo content (loadtest/stack.py), then keeps
`--users` closed-loop readers busy (one connection each, no think time) on a mix of
reader pages: home, 资讯中心, section pages, articles, the zone directory with its
filters, search with words of the demo corpus (each query a different word, so most
miss the cache) and the message board. Prints requests, errors, p99 and worst latency
per page and phase, and writes them as JSON with `--json`.

    .venv/bin/python loadtest/run.py                       # 60 s at 64 connections
    .venv/bin/python loadtest/run.py --writes --db-fault 10 --redis-fault 10
    .venv/bin/python loadtest/run.py --seconds 10 --users 16 --writes \\
        --db-fault 10 --redis-fault 5 --json out.json      # the short form of the tests

--writes: while the load runs, 200 message posts and 100 contributions with a PDF each,
all at once, from 30 and 25 client addresses (X-Real-IP, as behind nginx) so the
per-address rate limits refuse some; then every post is checked against the database
and the disk (loadtest/verify.py): accepted ones stored exactly once with their files,
refused ones a 4xx with a Chinese sentence and nothing stored, no orphan files.

--db-fault N: PostgreSQL is stopped (fast shutdown) for N seconds while readers keep
reading and forms opened before are sent; then the seconds until every page answers 200
again are measured, with gunicorn left running.

--redis-fault N: redis-server is stopped for N seconds (it comes back empty); pages must
still be served, the public forms stay open (rate limits fail open), and the page cache
must be used again once Redis is back.
"""

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import html  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from itertools import count  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
import requests  # noqa: E402
from locust import FastHttpUser, constant, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.log import setup_logging  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from loadtest.stack import PY, Postgres, Redis, Site  # noqa: E402

# A request slower than this during a fault counts as a hang.
HANG_MS = 2000
PAGES = ("home", "news", "section", "article", "zones", "search", "board")


class Mix:
    """The reader URLs, found on the running site (links of the home page and of the
    zone directory's filters), and the search words."""

    sections: list[str] = []
    articles: list[str] = []
    zones: list[str] = []
    words: list[str] = []
    word_counter = count()

    @classmethod
    def search_url(cls) -> str:
        word = cls.words[next(cls.word_counter) % len(cls.words)]
        return "/search/?q=" + requests.utils.quote(word)


def corpus_words() -> list[str]:
    """Words of the demo corpus (demo/articles.json, cut by jieba as the search is), in a
    fixed shuffled order: each search asks for a different one until all were asked."""
    import random

    import jieba

    jieba.setLogLevel(60)
    data = json.loads((ROOT / "demo" / "articles.json").read_text())
    texts: list[str] = []

    def walk(value):
        if isinstance(value, str):
            texts.append(re.sub(r"\{[^}]*\}|<[^>]+>", " ", value))
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(data)
    words = sorted(
        {
            w
            for text in texts
            for w in jieba.cut(text)
            if len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w)
        }
    )
    random.Random(7).shuffle(words)
    return words


def discover(base: str) -> None:
    links = re.compile(r'href="([^"]+)"')
    home = requests.get(base + "/", timeout=30).text
    found = {html.unescape(h) for h in links.findall(home)}
    Mix.articles = sorted(h for h in found if re.fullmatch(r"/articles/\d+/", h))[:15]
    Mix.sections = sorted(h for h in found if re.fullmatch(r"/news/[\w-]+/", h))
    zones = requests.get(base + "/zones/", timeout=30).text
    filters = {html.unescape(h) for h in links.findall(zones)}
    Mix.zones = ["/zones/"] + sorted(
        ("/zones/" + h if h.startswith("?") else h)
        for h in filters
        if h.startswith("?") or h.startswith("/zones/?")
    )[:15]
    # only links that answer (a section without articles yet is a 404)
    for name in ("articles", "sections", "zones"):
        urls = getattr(Mix, name)
        setattr(
            Mix, name, [u for u in urls if requests.get(base + u, timeout=30).status_code == 200]
        )
    Mix.words = corpus_words()
    if not (Mix.articles and Mix.sections and len(Mix.zones) > 1 and Mix.words):
        raise RuntimeError(f"the demo site lacks links to load: {vars(Mix)}")


class Reader(FastHttpUser):
    """One anonymous reader on one keep-alive connection, no think time."""

    wait_time = constant(0)
    network_timeout = 30.0
    connection_timeout = 10.0

    def get(self, url: str, name: str) -> None:
        self.client.get(url, name=name)

    def pick(self, urls: list[str]) -> str:
        return urls[int(time.monotonic() * 1e6) % len(urls)]

    @task(2)
    def home(self):
        self.get("/", "home")

    @task(2)
    def news(self):
        self.get("/news/", "news")

    @task(3)
    def section(self):
        self.get(self.pick(Mix.sections), "section")

    @task(5)
    def article(self):
        self.get(self.pick(Mix.articles), "article")

    @task(3)
    def zones(self):
        self.get(self.pick(Mix.zones), "zones")

    @task(3)
    def search(self):
        self.get(Mix.search_url(), "search")

    @task(2)
    def board(self):
        self.get("/messages/", "board")


class Recorder:
    """Every reader request: (start time, page, status, ms, styled 503, cache hit, error)."""

    def __init__(self):
        self.rows: list[tuple] = []
        self.marks: dict[str, float] = {}

    def on_request(self, name, response_time, response, exception, start_time, **_):
        status = getattr(response, "status_code", 0) or 0 if response is not None else 0
        styled = False
        if status >= 500:
            text = response.text or ""
            styled = status == 503 and "请稍后再试" in text and "Traceback" not in text
        hit = status == 200 and response.headers.get("X-Page-Cache") == "hit"
        error = repr(exception)[:200] if exception and not status else ""
        self.rows.append((start_time, name, status, response_time, styled, hit, error))

    def mark(self, name: str) -> None:
        self.marks[name] = time.time()

    def window(self, start: str, end: str) -> list[tuple]:
        a, b = self.marks[start], self.marks[end]
        return [r for r in self.rows if a <= r[0] < b]


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def summarise(rows: list[tuple]) -> dict:
    """Per page and in total: requests, non-200 answers, 5xx (and how many of them were
    not the styled 503), connection errors, requests over HANG_MS, p50/p99/max in ms,
    page-cache hits."""
    out = {}
    for page in (*PAGES, "all"):
        mine = [r for r in rows if page == "all" or r[1] == page]
        times = [r[3] for r in mine]
        out[page] = {
            "requests": len(mine),
            "non_200": sum(r[2] != 200 for r in mine),
            "5xx": sum(r[2] >= 500 for r in mine),
            "unstyled_5xx": sum(r[2] >= 500 and not r[4] for r in mine),
            "connection_errors": sum(bool(r[6]) for r in mine),
            "over_2s": sum(r[3] > HANG_MS for r in mine),
            "cache_hits": sum(r[5] for r in mine),
            "p50_ms": round(percentile(times, 0.50), 1),
            "p99_ms": round(percentile(times, 0.99), 1),
            "max_ms": round(max(times, default=0), 1),
        }
        errors = sorted({r[6] for r in mine if r[6]})
        if errors:
            out[page]["error_samples"] = errors[:3]
    return out


def print_table(title: str, summary: dict, seconds: float) -> None:
    print(f"\n{title} ({seconds:.1f} s)")
    print(
        f"{'page':8} {'requests':>8} {'req/s':>7} {'non-200':>7} {'5xx':>5} {'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'hits':>6}"
    )
    for page, s in summary.items():
        print(
            f"{page:8} {s['requests']:8d} {s['requests'] / max(seconds, 0.001):7.0f} {s['non_200']:7d} {s['5xx']:5d}"
            f" {s['p50_ms']:8.1f} {s['p99_ms']:8.1f} {s['max_ms']:8.1f} {s['cache_hits']:6d}"
        )


# ---- writes ---------------------------------------------------------------------------


class Post:
    """One public form sent by one visitor, as the tests send it: the captcha answered
    "PASSED" (CAPTCHA_TEST_MODE) and a CSRF cookie and token of the visitor's own (any
    32 letters, as Django accepts), so each post is one request."""

    def __init__(self, base: str, kind: str, ip: str, token: str, pdf: bytes):
        self.base, self.kind, self.ip, self.token, self.pdf = base, kind, ip, token, pdf
        self.path = "/messages/new/" if kind == "message" else "/contribute/"
        self.csrf = uuid.uuid4().hex
        self.session = requests.Session()
        self.session.headers["X-Real-IP"] = ip
        self.session.cookies.set("csrftoken", self.csrf)
        self.outcome = ""  # accepted / refused / unavailable / error
        self.status = 0
        self.detail = ""

    def fields(self) -> dict:
        common = {
            "csrfmiddlewaretoken": self.csrf,
            "website": "",
            "captcha_0": "key",
            "captcha_1": "PASSED",
            "phone": "13812345678",
            "email": "loadtest@example.org",
        }
        if self.kind == "message":
            return {
                **common,
                "name": "压测读者",
                "subject": "压力测试留言",
                "content": f"压力测试留言正文 {self.token}，请勿回复。",
            }
        return {
            **common,
            "title": "压力测试投稿标题",
            "author": "压测作者",
            "organization": "某开发区管委会",
            "section": "other",
            "body": f"压力测试投稿正文 {self.token}。",
            "consent": "on",
        }

    def send(self) -> None:
        files = None
        if self.kind == "contribution":
            files = {"attachments": ("压测附件.pdf", self.pdf, "application/pdf")}
        try:
            answer = self.session.post(
                self.base + self.path,
                data=self.fields(),
                files=files,
                allow_redirects=False,
                timeout=60,
                headers={"Referer": self.base + self.path},
            )
        except requests.RequestException as exc:
            self.outcome, self.detail = "error", repr(exc)[:200]
            return
        self.status = answer.status_code
        text = answer.text
        if answer.status_code == 302 and answer.headers.get("Location", "").endswith("/done/"):
            self.outcome = "accepted"
        elif 400 <= answer.status_code < 500 and re.search(r"[\u4e00-\u9fff]", text):
            self.outcome = "refused"
            self.detail = "过于频繁" if "过于频繁" in text else text[:200]
        elif answer.status_code == 503 and "请稍后再试" in text and "Traceback" not in text:
            self.outcome = "unavailable"
        else:
            self.outcome, self.detail = "error", text[:300]


def demo_pdf(title: str) -> bytes:
    """The demo's small real PDF (demo/pictures.py, loaded alone: the demo package
    needs Django set up)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("demo_pictures", ROOT / "demo" / "pictures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.demo_pdf(title)


def make_posts(base: str, run: str, label: str, kinds: list[tuple[str, str]]) -> list[Post]:
    pdf = demo_pdf("Load test attachment")
    return [
        Post(base, kind, ip, f"[LT-{run}-{label}{i:04d}]", pdf)
        for i, (kind, ip) in enumerate(kinds)
    ]


def send_all(posts: list[Post]) -> None:
    gevent.joinall([gevent.spawn(p.send) for p in posts])


def tally(posts: list[Post]) -> dict:
    out = {"sent": len(posts)}
    for outcome in ("accepted", "refused", "unavailable", "error"):
        out[outcome] = sum(p.outcome == outcome for p in posts)
    for kind in ("message", "contribution"):
        out[f"accepted_{kind}s"] = sum(p.outcome == "accepted" and p.kind == kind for p in posts)
    out["statuses"] = {
        str(s): sum(p.status == s for p in posts) for s in sorted({p.status for p in posts})
    }
    out["error_samples"] = [p.detail for p in posts if p.outcome == "error"][:3]
    return out


def verify(site: Site, posts: list[Post]) -> dict:
    """Rows and files of every post, from the database and the disk (verify.py)."""
    tokens = {
        "messages": [p.token for p in posts if p.kind == "message"],
        "contributions": [p.token for p in posts if p.kind == "contribution"],
    }
    path = site.folder / "tokens.json"
    path.write_text(json.dumps(tokens))
    result = subprocess.run(
        [PY, str(ROOT / "loadtest" / "verify.py"), str(path)],
        cwd=ROOT,
        env=site.env,
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(result.stdout.strip().splitlines()[-1])
    rows = {**found["message_rows"], **found["contribution_rows"]}
    stored_once = sum(p.outcome == "accepted" and rows[p.token] == 1 for p in posts)
    return {
        "stored_exactly_once": stored_once,
        "accepted_not_stored": sum(p.outcome == "accepted" and rows[p.token] == 0 for p in posts),
        "stored_more_than_once": sum(rows[p.token] > 1 for p in posts),
        "refused_but_stored": sum(p.outcome != "accepted" and rows[p.token] > 0 for p in posts),
        "attachments": found["attachments"],
        "missing_files": found["missing_files"],
        "orphan_files": len(found["orphan_files"]),
    }


# ---- faults ---------------------------------------------------------------------------


def every_page_answers(base: str) -> bool:
    """One request per page kind at once (the search with a word not asked before, so it
    needs the database) plus /healthz: True when all of them answer 200."""
    urls = ["/", "/news/", Mix.sections[0], Mix.articles[0], Mix.zones[-1], "/messages/"]
    urls += [Mix.search_url(), "/healthz"]

    def status(url):
        try:
            # slow is not down: a search of a new word may take seconds on a busy machine
            return requests.get(base + url, timeout=30).status_code
        except requests.RequestException:
            return 0

    jobs = [gevent.spawn(status, url) for url in urls]
    gevent.joinall(jobs)
    failing = {url: job.value for url, job in zip(urls, jobs, strict=True) if job.value != 200}
    if failing:
        print(f"  not yet: {failing}", flush=True)
    return not failing


def seconds_until(check, *, limit: float) -> float | None:
    """Seconds from now to the start of the first call of `check` that says True."""
    began = time.monotonic()
    while time.monotonic() - began < limit:
        tried = time.monotonic()
        if check():
            return round(tried - began, 2)
        gevent.sleep(0.1)
    return None


def last_failure(rec: "Recorder", since: str, until: str) -> float:
    """Seconds from mark `since` to the start of the last reader request that did not get
    a 200 before `until` (0 when there was none): under load, when the site was back."""
    starts = [r[0] for r in rec.window(since, until) if r[2] != 200]
    return round(max(starts) - rec.marks[since], 2) if starts else 0.0


def healthz(base: str) -> dict:
    """/healthz's HTTP status ("http") and its JSON."""
    answer = requests.get(base + "/healthz", timeout=30)  # queued behind the readers
    return {"http": answer.status_code, **answer.json()}


def outage(site: Site, rec: Recorder, name: str, server, seconds: float, posts, back):
    """Under load: `server.stop()`, /healthz and `posts` sent a moment later,
    `server.start()` after `seconds`, then the seconds until `back()` says True; readers'
    figures during the outage and from then on for 2 s, and what became of the posts."""
    master = site.pid()
    rec.mark(f"{name}_before")
    gevent.sleep(1)
    server.stop()
    rec.mark(f"{name}_down")  # once stopped: no request in flight counts as during
    gevent.sleep(min(2.0, seconds / 3))
    down_health = healthz(site.base)
    send_all(posts)
    gevent.sleep(max(0.0, rec.marks[f"{name}_down"] + seconds - time.time()))
    rec.mark(f"{name}_starting")
    server.start()
    rec.mark(f"{name}_up")
    seconds_back = seconds_until(back, limit=30)
    rec.mark(f"{name}_back")
    gevent.sleep(2)
    rec.mark(f"{name}_after")
    rows = rec.window(f"{name}_down", f"{name}_starting")
    return {
        "outage_s": round(rec.marks[f"{name}_starting"] - rec.marks[f"{name}_down"], 1),
        "during": summarise(rows),
        "worst_ms": round(max((r[3] for r in rows), default=0), 1),
        "seconds_until_back": seconds_back,
        "last_reader_failure_after_up_s": last_failure(rec, f"{name}_up", f"{name}_after"),
        "after": summarise(rec.window(f"{name}_back", f"{name}_after")),
        "healthz_during": down_health,
        "healthz_after": healthz(site.base),
        "gunicorn_restarted": site.pid() != master or site.process.poll() is not None,
        "posts": tally(posts),
        "posts_checked": verify(site, posts),
    }


def db_fault(site: Site, pg: Postgres, rec: Recorder, seconds: float, run: str) -> dict:
    """PostgreSQL stopped under load, six messages and four contributions sent meanwhile;
    back: every page answers 200."""
    kinds = [("message", f"10.7.0.{i}") for i in range(6)]
    kinds += [("contribution", f"10.7.1.{i}") for i in range(4)]
    posts = make_posts(site.base, run, "db", kinds)
    return outage(site, rec, "db", pg, seconds, posts, lambda: every_page_answers(site.base))


def redis_fault(site: Site, redis: Redis, rec: Recorder, seconds: float, run: str) -> dict:
    """redis-server stopped under load, seven messages from one address meanwhile (over
    its limit of five: rate limits fail open); back: a page is served from the cache."""

    def cache_used() -> bool:
        requests.get(site.base + "/news/", timeout=30)
        return requests.get(site.base + "/news/", timeout=30).headers.get("X-Page-Cache") == "hit"

    posts = make_posts(site.base, run, "rd", [("message", "10.8.0.1")] * 7)
    return outage(site, rec, "redis", redis, seconds, posts, cache_used)


# ---- main -----------------------------------------------------------------------------


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="the plain load phase")
    parser.add_argument("--users", type=int, default=64, help="concurrent connections")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--writes", action="store_true", help="200 messages + 100 contributions")
    parser.add_argument("--db-fault", type=float, default=0, metavar="SECONDS")
    parser.add_argument("--redis-fault", type=float, default=0, metavar="SECONDS")
    parser.add_argument("--json", type=Path, help="write the figures here")
    parser.add_argument("--keep", action="store_true", help="keep the run's folder")
    args = parser.parse_args(argv)
    setup_logging("WARNING")

    folder = Path(tempfile.mkdtemp(prefix="portal-loadtest-"))
    run = uuid.uuid4().hex[:6]
    pg, redis = Postgres(folder), Redis(folder)
    site = None
    result: dict = {"users": args.users, "workers": args.workers, "cpus": os.cpu_count()}
    try:
        began = time.monotonic()
        pg.start()
        redis.start()
        site = Site(folder, database_url=pg.url, redis_url=redis.url, workers=args.workers)
        result["prepare_s"] = site.prepare()
        site.start()
        discover(site.base)
        result["setup_s"] = round(time.monotonic() - began, 1)
        print(
            f"site on {site.base}, {args.workers} gunicorn workers, run folder {folder},"
            f" set up in {result['setup_s']} s {result['prepare_s']}",
            flush=True,
        )

        rec = Recorder()
        env = Environment(user_classes=[Reader], host=site.base, events=events)
        env.events.request.add_listener(rec.on_request)
        runner = env.create_local_runner()
        runner.start(args.users, spawn_rate=args.users)
        gevent.sleep(1)  # all users started
        rec.mark("load")
        posts: list[Post] = []
        if args.writes:
            kinds = [("message", f"10.5.0.{i % 30}") for i in range(200)]
            kinds += [("contribution", f"10.6.0.{i % 25}") for i in range(100)]
            posts = make_posts(site.base, run, "w", kinds)
            writer = gevent.spawn(send_all, posts)
        gevent.sleep(args.seconds)
        if args.writes:
            writer.join()
        rec.mark("load_end")
        result["load"] = summarise(rec.window("load", "load_end"))
        result["load_s"] = round(rec.marks["load_end"] - rec.marks["load"], 1)
        print_table(f"load, {args.users} connections", result["load"], result["load_s"])
        if args.writes:
            result["writes"] = {**tally(posts), **verify(site, posts)}
            print("\nwrites:", json.dumps(result["writes"], ensure_ascii=False))
        faults = [
            (
                "db_fault",
                "PostgreSQL down",
                args.db_fault,
                lambda: db_fault(site, pg, rec, args.db_fault, run),
            ),
            (
                "redis_fault",
                "Redis down",
                args.redis_fault,
                lambda: redis_fault(site, redis, rec, args.redis_fault, run),
            ),
        ]
        for key, title, seconds, make_fault in faults:
            if not seconds:
                continue
            fault = result[key] = make_fault()
            print_table(title, fault["during"], fault["outage_s"])
            print(
                f"worst {fault['worst_ms']} ms, back after {fault['seconds_until_back']} s,"
                f" gunicorn restarted: {fault['gunicorn_restarted']}"
            )
            print("posts during the outage:", json.dumps(fault["posts"], ensure_ascii=False))
            print("checked:", json.dumps(fault["posts_checked"]))
        runner.quit()
    finally:
        if site:
            site.stop()
        redis.stop()
        if pg.running():
            pg.stop()
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1))
    return result


if __name__ == "__main__":
    main()
