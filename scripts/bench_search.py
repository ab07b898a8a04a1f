"""Search benchmark (not a test): N generated documents, 20 queries, server time.

    .venv/bin/python scripts/bench_search.py --db portal_bench_search --n 100000

Loads N documents into a SEPARATE database on the server of DATABASE_URL, or on the
embedded PostgreSQL when it is unset (created when missing, reused when it
already holds N rows of the model), generated from the vocabulary of the relevance
corpus (tests/search/corpus.json) with vectors computed in Python in batches and bulk
inserted, then requests /search/?q=… for each query through Django's test client and
prints the median and p95 server time (view + ORM + template; no network, no browser).

--model picks the registered kind to fill: page or article (articles are spread over a
section tree like the demo's, one in twenty in 通知公告, publish dates over ten years).
"""

import argparse
import datetime
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

import devdb  # scripts/: the database to measure in

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = [
    "园区",  # common two-character words: match a large share of all rows
    "企业",
    "开发区",
    "协会",
    "发展",
    "产业",
    "营商环境",
    "招商引资",
    "综合保税区",
    "高新区",
    "经开区",
    "霍尔果斯",
    "量子信息",
    "R&D",
    "CKEditor",
    "5G专网",
    "温州 开发区",
    "营商环境评价",
    "開發區協會",
    "不存在的词语组合",
]


# Extra requests timed for a kind: a section filter (a rare one: notices are 5 %),
# a date range and a deep page.
FILTERED = {
    "article": [
        {"q": "园区", "section": "notices"},
        {"q": "园区", "section": "news"},
        {"q": "园区", "from": "2020-01-01", "to": "2020-12-31"},
        {"q": "园区", "page": "20"},
    ]
}


def build_page(model, i, title, summary, body, when):
    return model(
        title=title[:100],
        slug=f"page-{i}",
        summary=summary[:300],
        body=body,
        is_published=True,
        updated_at=when,
        created_at=when,
    )


_ARTICLE_SECTIONS: list = []


def article_sections():
    """The demo-like section tree articles are spread over (created once per database):
    资讯中心 with four sub-sections, 政策法规, and 通知公告 (notices)."""
    if not _ARTICLE_SECTIONS:
        from news.models import Section

        def section(slug, name, parent=None, order=100):
            obj, _ = Section.objects.get_or_create(
                slug=slug, defaults={"name": name, "parent": parent, "order": order}
            )
            return obj

        news = section("news", "资讯中心", order=10)
        _ARTICLE_SECTIONS.extend(
            [
                section("national-zones", "国家级开发区动态", news, 10),
                section("local-news", "地方动态", news, 20),
                section("association-news", "协会动态", news, 30),
                section("zone-news", "园区资讯", news, 40),
                section("policy", "政策法规", order=20),
                section("notices", "通知公告", order=5),
            ]
        )
    return _ARTICLE_SECTIONS


def build_article(model, i, title, summary, body, when):
    sections = article_sections()
    # Notices are rarer than news: one in twenty.
    section = sections[-1] if i % 20 == 0 else sections[i % (len(sections) - 1)]
    return model(
        title=title,
        section=section,
        source=("本站", "新华社", "中国开发区协会", "人民日报")[i % 4],
        author="",
        summary=summary[:300],
        body=body,
        status="published",
        publish_at=when,
        updated_at=when,
        created_at=when,
    )


# kind -> function(model, i, title, summary, body, when) returning an unsaved row.
BUILDERS = {"page": build_page, "article": build_article}


def vocabulary():
    docs = json.loads((ROOT / "tests/search/corpus.json").read_text(encoding="utf-8"))
    titles = [d["title"] for d in docs]
    summaries = [d["summary"] for d in docs]
    sentences = []
    for d in docs:
        sentences.extend(s + "。" for s in d["body"].split("。") if s.strip())
    return titles, summaries, sentences


def load(entry, n: int, batch: int) -> None:
    from django.db import transaction
    from tqdm import tqdm

    model = entry.model
    build = BUILDERS[entry.kind]
    titles, summaries, sentences = vocabulary()
    rng = random.Random(42)
    now = datetime.datetime.now(datetime.UTC)
    # Keep the generated dates: auto_now would stamp every row with the load time.
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            f.auto_now = f.auto_now_add = False
    with tqdm(total=n, unit="条", desc=f"载入 {entry.label}") as bar:
        for start in range(0, n, batch):
            rows = []
            for i in range(start, min(n, start + batch)):
                body = "".join(f"<p>{s}</p>" for s in rng.sample(sentences, rng.randint(6, 14)))
                when = now - datetime.timedelta(minutes=rng.randint(0, 60 * 24 * 3650))
                row = build(model, i, rng.choice(titles), rng.choice(summaries), body, when)
                row.search_vector = row.compute_search_vector()
                rows.append(row)
            with transaction.atomic():
                model._default_manager.bulk_create(rows)
            bar.update(len(rows))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database name (created when missing)")
    parser.add_argument("--n", type=int, default=100_000, help="documents to load")
    parser.add_argument("--model", default="page", help="registered search kind to fill")
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per query")
    args = parser.parse_args()

    url = devdb.database_url(args.db)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("AXES_ENABLED", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    import search

    call_command("migrate", verbosity=0)
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        call_command("collectstatic", "--noinput", verbosity=0)  # the manifest of DEBUG off
    entry = search.get_kind(args.model)
    if entry is None or args.model not in BUILDERS:
        sys.exit(f"no builder for kind {args.model!r}; known: {', '.join(BUILDERS)}")
    existing = entry.model._default_manager.count()
    if existing != args.n:
        entry.model._default_manager.all().delete()
        load(entry, args.n, args.batch)
        with connection.cursor() as cursor:
            cursor.execute(f'VACUUM ANALYZE "{entry.model._meta.db_table}"')
    else:
        print(f"{args.db} already holds {existing} rows of {entry.label}: reusing them")

    client = Client()
    # A session cookie keeps every request out of the page cache: time the search itself.
    client.cookies["sessionid"] = "benchmark"
    client.get("/search/", {"q": "预热"})  # loads jieba, fills the site-wide caches
    all_times, rows = [], []
    for q in QUERIES:
        times = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            response = client.get("/search/", {"q": q})
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200, (q, response.status_code)
        all_times.extend(times)
        hits = response.content.decode().count('class="search-hit"')
        found = re.search(r"找到约 <strong>([^<]+)</strong>", response.content.decode())
        total = found.group(1) if found else "0"
        rows.append((q, statistics.median(times), max(times), total, hits))

    print(
        f"\n{args.n} {entry.label} rows in {args.db}; server time of GET /search/?q= "
        f"(test client: view, ORM, template), {args.repeat} runs per query"
    )
    print(f"{'query':<14}{'median ms':>10}{'max ms':>9}  matches (capped)  shown")
    for q, med, worst, total, hits in rows:
        print(f"{q:<14}{med:>10.1f}{worst:>9.1f}  {total:>16}  {hits:>5}")
    all_times.sort()
    p95 = all_times[min(len(all_times) - 1, int(0.95 * len(all_times)))]
    print(f"\nall queries: median {statistics.median(all_times):.1f} ms, p95 {p95:.1f} ms")

    if args.model in FILTERED:
        print("\nwith filters (not in the figures above):")
        for params in FILTERED[args.model]:
            times = []
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                response = client.get("/search/", params)
                times.append((time.perf_counter() - t0) * 1000)
                assert response.status_code == 200, (params, response.status_code)
            print(f"  {statistics.median(times):>7.1f} ms  {params}")


if __name__ == "__main__":
    main()
