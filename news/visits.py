"""点击量: a reader's visit to an article, counted by one SQL statement.

The article page is an ordinary cached page; its script posts each visit to
`news.views.article_views`, which calls `count`. Visitors that run no JavaScript
(crawlers, link previews, monitors) are not counted: the number is of people reading.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.utils import timezone

from news.models import Article, ArticleDailyViews


def count(pk: int) -> int | None:
    """Add one view to article `pk` and to its row of the day (the site's time zone), in
    one statement; the new total, or None when readers may not see the article.

    Which articles count is `Article.objects.published()`, the readers' own rule, taken
    as SQL. The statement commits without waiting for the disk (synchronous_commit off
    for this transaction only): a crash of PostgreSQL itself may lose the views of its
    last half second or so, never any other write."""
    try:
        visible, params = (
            Article.objects.published().filter(pk=pk).values("pk").query.sql_with_params()
        )
    except EmptyResultSet:  # an id no row can have (past the column's range)
        return None
    table = Article._meta.db_table
    daily = ArticleDailyViews._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH bumped AS (UPDATE {table} SET view_count = view_count + 1 "  # noqa: S608 (no user input)
            f"WHERE id IN ({visible}) RETURNING id, section_id, view_count), "
            f"daily AS (INSERT INTO {daily} (article_id, section_id, day, views) "
            "SELECT id, section_id, %s, 1 FROM bumped ON CONFLICT (article_id, day) "
            f"DO UPDATE SET views = {daily}.views + 1) "
            "SELECT view_count, set_config('synchronous_commit', 'off', true) FROM bumped",
            [*params, timezone.localdate()],
        )
        row = cursor.fetchone()
    return row[0] if row else None
