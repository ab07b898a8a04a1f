"""Reads per day, as the dashboard and the CSV export read them.

`ArticleDailyViews` rows are written by `news.visits` only. Every figure
here is one query over a range of days that the (day, article) index covering the
section and `views` answers alone (no join with the article table), so the cost
follows the number of days shown and rows read, not the size of the archive; a fixed
number of queries whatever the data.
"""

import csv
from collections.abc import Iterator
from datetime import date, timedelta

from django.db import connection
from django.db.models import Sum

from editorial.spreadsheets import neutralize
from news import caching
from news.models import Article, ArticleDailyViews

CHART_DAYS = 30
TOP_N = 10
EXPORT_HEADER = ("日期", "文章", "栏目", "阅读数")
MAX_EXPORT_DAYS = 366


def _tops(start: date, week: date, today: date) -> tuple[list, list]:
    """(article id, reads) of the TOP_N most read articles from `week` and from `start`
    to `today`, in one query: the sums per article are made once for both lists."""
    table = ArticleDailyViews._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH per_article AS (SELECT article_id, SUM(views) AS month, "  # noqa: S608 (no user input)
            "SUM(views) FILTER (WHERE day >= %s) AS week "
            f"FROM {table} WHERE day >= %s AND day <= %s GROUP BY article_id) "
            "(SELECT 'week', article_id, week FROM per_article WHERE week > 0 "
            "ORDER BY week DESC, article_id LIMIT %s) UNION ALL "
            "(SELECT 'month', article_id, month FROM per_article "
            "ORDER BY month DESC, article_id LIMIT %s)",
            [week, start, today, TOP_N, TOP_N],
        )
        rows = cursor.fetchall()
    return (
        [(pk, reads) for kind, pk, reads in rows if kind == "week"],
        [(pk, reads) for kind, pk, reads in rows if kind == "month"],
    )


def section_label(tree, section_id: int | None) -> str:
    """A section's name with its parents' (资讯中心 / 开发区动态)."""
    chain = tree.ancestors(section_id) if section_id else []
    return " / ".join(node.name for node in chain) or "已删除的栏目"


def figures(today: date) -> dict:
    """Reads per day over the last CHART_DAYS days (zeros included), the TOP_N articles
    of the last 7 and 30 days, and reads per section over the last 30 days (where
    the articles were when read). Four queries, the section tree cached."""
    start = today - timedelta(days=CHART_DAYS - 1)
    week = today - timedelta(days=6)
    rows = ArticleDailyViews.objects.filter(day__gte=start, day__lte=today)
    by_day = dict(rows.values_list("day").annotate(reads=Sum("views")).order_by())
    days = [start + timedelta(days=i) for i in range(CHART_DAYS)]
    per_day = [(day, by_day.get(day, 0)) for day in days]
    top_week, top_month = _tops(start, week, today)
    ids = {pk for pk, _ in top_week + top_month}
    articles = Article.objects.only("id", "title", "section_id").in_bulk(ids)
    tree = caching.section_tree()

    def listed(top):
        return [
            {
                "article": articles[pk],
                "reads": reads,
                "section": section_label(tree, articles[pk].section_id),
            }
            for pk, reads in top
            if pk in articles
        ]

    per_section = (
        rows.values_list("section").annotate(reads=Sum("views")).order_by("-reads", "section")
    )
    sections = [
        {"id": pk, "name": section_label(tree, pk), "reads": reads} for pk, reads in per_section
    ]
    return {
        "per_day": per_day,
        "today": per_day[-1][1],
        "yesterday": per_day[-2][1],
        "week": sum(reads for day, reads in per_day if day >= week),
        "month": sum(reads for _, reads in per_day),
        "top_week": listed(top_week),
        "top_month": listed(top_month),
        "sections": sections,
    }


class _Echo:
    """A file-like object whose write returns the line, for a streamed csv.writer."""

    def write(self, value):
        return value


def export_lines(start: date, end: date) -> Iterator[str]:
    """The CSV of every article's reads per day from `start` to `end` (日期, 文章, 栏目,
    阅读数), by day then article, with a BOM so Excel reads the Chinese, and text that
    a spreadsheet would run as a formula neutralized (`editorial.spreadsheets`)."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(EXPORT_HEADER)
    tree = caching.section_tree()
    rows = (
        ArticleDailyViews.objects.filter(day__gte=start, day__lte=end)
        .order_by("day", "article_id")
        .values_list("day", "article__title", "section_id", "views")
    )
    for day, title, section_id, views in rows.iterator(chunk_size=2000):
        yield writer.writerow(
            (day.isoformat(), neutralize(title), neutralize(section_label(tree, section_id)), views)
        )
