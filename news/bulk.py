"""Many articles in seconds, for the benchmark (scripts/bench_gunicorn.py) and the tests
that read query plans at 100,000 rows (tests/news/test_plans.py).

A pool of distinct articles is built in Python (texts given by the caller, search
vectors computed by the search index as for any saved article), then PostgreSQL
multiplies it with generate_series in one INSERT: 100,000 rows take a few seconds,
where saving them one by one (or segmenting each with jieba) takes minutes.

Every `big_step`-th row goes to `big_section` (up to `big_count` rows), the others
cycle over `sections`; publish times go back three minutes a row. A few rows are
drafts, pinned, scheduled for later or with an end time, like real content.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, transaction

from news.models import Article

POOL = 400


def add_articles(
    n: int,
    sections: Sequence[int],
    texts: Sequence[tuple[str, str, str]],
    *,
    big_section: int | None = None,
    big_count: int = 0,
) -> None:
    """Insert `n` articles; `texts` are (title, summary, body) to draw the pool from."""
    pool = []
    for i in range(min(POOL, n)):
        title, summary, body = texts[i % len(texts)]
        if i >= len(texts):  # more pool rows than texts: vary them a little
            title = f"{title}（{i // len(texts) + 1}）"
        article = Article(title=title[:200], summary=summary[:300], body=body)
        pool.append((i, article.title, article.summary, body, article.compute_search_vector()))
    big_step = max(1, n // big_count) if big_section and big_count else 0
    table = Article._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE article_pool (i int, title text, summary text, body text, "
            "vector tsvector) ON COMMIT DROP"
        )
        cursor.executemany("INSERT INTO article_pool VALUES (%s, %s, %s, %s, %s::tsvector)", pool)
        cursor.execute(
            f"""
            INSERT INTO {table} (
                created_at, updated_at, title, subtitle, source, author, summary, body,
                cover, cover_list, cover_card, cover_slide, cover_source, status,
                publish_at, unpublish_at, is_pinned, is_headline, is_slide, view_count,
                section_id, search_vector, review_note, members_only)
            SELECT now(), now(), p.title, '', (ARRAY['本站','新华社','中国开发区协会'])[1 + g %% 3],
                '', p.summary, p.body, '', '', '', '', '',
                CASE WHEN g %% 50 = 7 THEN 'draft' ELSE 'published' END,
                CASE WHEN g %% 2000 = 1 THEN now() + g * interval '1 minute'
                     ELSE now() - g * interval '3 minutes' END,
                CASE WHEN g %% 1000 = 3 THEN now() + g * interval '1 hour' END,
                g %% 4000 = 0, g %% 3000 = 11, false, g %% 500,
                CASE WHEN %(step)s > 0 AND g %% %(step)s = 0 AND g / %(step)s <= %(big)s
                     THEN %(big_section)s
                     ELSE (%(sections)s::bigint[])[1 + g %% %(k)s] END,
                p.vector, '', false
            FROM generate_series(1, %(n)s) AS g
            JOIN article_pool p ON p.i = g %% %(pool)s
            """,  # noqa: S608 (no user input)
            {
                "n": n,
                "step": big_step,
                "big": big_count,
                "big_section": big_section,
                "sections": list(sections),
                "k": len(sections),
                "pool": len(pool),
            },
        )
        cursor.execute(f"ANALYZE {table}")
