"""CPU per new search query (not a test): Python in-process, plus PostgreSQL's backend.

    .venv/bin/python scripts/bench_search_cpu.py --db portal_bench_search_cpu
    .venv/bin/python scripts/bench_search_cpu.py --db portal_bench_search --existing \
        --queries corpus          # the 100,000 articles scripts/bench_search.py built

Without --existing the database (on the server of DATABASE_URL, created when missing,
or the embedded one when it is unset) is migrated and filled with `manage.py load_demo`
when it holds no article. Then 40 DIFFERENT queries (QUERIES: demo words; --queries
corpus: words of the generated documents) are asked once each, through Django's test
client as an anonymous reader, after a few warm-up queries that are not among them:

- Python CPU: ``time.process_time()`` around ``client.get('/search/?q=…')``: view,
  ORM or SQL, highlighting, template and the middleware, nothing subtracted.
- PostgreSQL CPU: the run time of the connection's backend process (``pg_backend_pid()``)
  from ``/proc/<pid>/schedstat`` (nanoseconds on a CPU) before and after the request, so
  only when PostgreSQL runs on this machine. The pid is read before the timed requests;
  reading it again afterwards checks that the connection stayed the same.

No cache answers: every query is new, so the page cache (portal/pagecache.py) misses,
which each response's ``X-Page-Cache: miss`` confirms (the script stops otherwise), and
the cache is the process's memory (REDIS_URL is ignored), cleared before the timed run.
Search keeps no cache of its own; the site-wide caches a search page reads (sections,
site settings, navigation) are warm, as on a running site. Last, the same page with
nothing to search (40 queries of stop characters) is timed too: the page's own cost.
--profile FILE writes a cProfile (CPU time) of the 40 timed requests and prints its top
functions.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

import bench_search  # scripts/
import devdb  # scripts/: the database to measure in

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Demo words: one and two characters, long words, several words, Latin, traditional,
# and words that find nothing.
QUERIES = [
    "园",
    "区",
    "港",
    "链",
    "园区",
    "招商",
    "芜湖",
    "调研",
    "论坛",
    "外资",
    "人才",
    "培训",
    "低碳",
    "合肥",
    "统计",
    "博士",
    "经济技术开发区",
    "营商环境",
    "高新技术产业",
    "数字化转型",
    "保税区",
    "智能制造",
    "产城融合",
    "标准厂房",
    "准入特别管理措施",
    "改革创新典型案例",
    "开发区 招商",
    "芜湖 三山",
    "协会 培训 通知",
    "青岛 外资",
    "2026",
    "开发区协会",
    "開發區",
    "會員單位",
    "亩均论英雄",
    "去行政化",
    "宜居宜业",
    "关于开展会员单位走访调研的通知",
    "不存在的词语组合",
    "火星基地",
]

# Words of the generated documents (tests/search/corpus.json), for --queries corpus:
# scripts/bench_search.py's twenty, the one-character ones and more.
CORPUS_QUERIES = [
    *bench_search.QUERIES,
    "园",
    "区",
    "港",
    "链",
    "温州",
    "跨境电商",
    "中欧班列",
    "集成电路",
    "碳达峰",
    "亩均效益",
    "飞地经济",
    "链长制",
    "一网通办",
    "新质生产力",
    "专精特新",
    "数字经济 智能制造",
    "苏州工业园区",
    "边境经济合作区",
    "会员代表大会",
    "海关特殊监管区域",
]
WARM_UP = ["预热", "开发区年报", "协会动态", "园"]


def backend_cpu_ns(pid: int | None) -> int:
    if pid is None:
        return 0
    with open(f"/proc/{pid}/schedstat") as fh:
        return int(fh.read().split()[0])


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database name (created when missing)")
    parser.add_argument("--existing", action="store_true", help="use the data it holds")
    parser.add_argument("--queries", choices=("demo", "corpus"), default="demo")
    parser.add_argument("--profile", help="write a cProfile of the timed requests here")
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = devdb.database_url(args.db)
    os.environ["REDIS_URL"] = ""  # the process's memory: cleared below, no other reader
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret-0123456789abcdef")
    os.environ.setdefault("SITE_URL", "http://testserver")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ["SECURE_SSL_REDIRECT"] = "false"  # else the page cache is skipped on http
    os.environ.setdefault("AXES_ENABLED", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from news.models import Article

    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)  # the manifest of DEBUG off
    if not args.existing:
        call_command("migrate", verbosity=0)
        if not Article.objects.exists():
            call_command("load_demo")
    queries = QUERIES if args.queries == "demo" else CORPUS_QUERIES
    assert len(set(queries)) == len(queries) == 40

    client = Client()
    for q in WARM_UP:  # jieba, the connection, the site-wide caches
        client.get("/search/", {"q": q})
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    if not Path(f"/proc/{pid}/schedstat").exists():
        print(f"PostgreSQL backend {pid} is not on this machine: its CPU is not measured")
        pid = None
    cache.clear()
    for q in WARM_UP:  # the site-wide caches again, without the search pages
        client.get("/search/", {"q": q + "2"})

    profiler = cProfile.Profile(time.process_time) if args.profile else None
    rows = []
    for q in queries:
        pg0 = backend_cpu_ns(pid)
        if profiler:
            profiler.enable()
        t0 = time.process_time()
        response = client.get("/search/", {"q": q})
        cpu = (time.process_time() - t0) * 1000
        if profiler:
            profiler.disable()
        pg = (backend_cpu_ns(pid) - pg0) / 1e6
        assert response.status_code == 200, (q, response.status_code)
        assert response.get("X-Page-Cache") == "miss", (q, response.get("X-Page-Cache"))
        hits = response.content.decode().count('class="search-hit"')
        rows.append((q, cpu, pg, hits))
    # The same page with nothing to search: 40 queries of stop characters only (的, 的的,
    # …), new to the page cache too. What the page costs around the search itself.
    shell = []
    for n in range(1, 41):
        t0 = time.process_time()
        response = client.get("/search/", {"q": "的" * n})
        shell.append((time.process_time() - t0) * 1000)
        assert response.get("X-Page-Cache") == "miss", response.get("X-Page-Cache")
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert pid is None or cursor.fetchone()[0] == pid, "the connection changed"

    print(f"\n{Article.objects.count()} articles in {args.db}; 40 different queries, once each")
    print(f"{'query':<24}{'Python CPU ms':>14}{'PG CPU ms':>11}{'sum ms':>9}{'hits':>6}")
    for q, cpu, pg, hits in rows:
        print(f"{q:<24}{cpu:>14.2f}{pg:>11.2f}{cpu + pg:>9.2f}{hits:>6}")
    for label, values in (
        ("Python CPU", [r[1] for r in rows]),
        ("PostgreSQL backend CPU", [r[2] for r in rows]),
        ("Python + PostgreSQL", [r[1] + r[2] for r in rows]),
    ):
        print(
            f"{label}: median {statistics.median(values):.2f} ms, "
            f"p95 {percentile(values, 0.95):.2f} ms, mean {statistics.mean(values):.2f} ms"
        )
    print(
        f"the page without a search (q of stop characters, 40 different): Python CPU "
        f"median {statistics.median(shell):.2f} ms, p95 {percentile(shell, 0.95):.2f} ms"
    )
    if profiler:
        profiler.dump_stats(args.profile)
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(70)


if __name__ == "__main__":
    main()
