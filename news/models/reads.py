"""Reads per day (阅读数): one row per article and day, the day in the site's time zone.

Rows are written only by `news.visits`, in the same SQL statement that adds the visit
to `Article.view_count` (an upsert in a CTE), so a day's figures add up to the exact
total. The row keeps the section the
article was in when it was first read that day: reads per section are counted where
readers found the article, and need no join with a big article table. The dashboard
and the CSV export read them; readers never see them, so they refresh no cached page.
"""

from django.db import models

from news.models.articles import Article
from news.models.sections import Section


class ArticleDailyViews(models.Model):
    article = models.ForeignKey(
        Article, verbose_name="文章", on_delete=models.CASCADE, related_name="daily_views"
    )
    section = models.ForeignKey(
        Section,
        verbose_name="栏目",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        help_text="当天文章所在的栏目。",
    )
    day = models.DateField("日期")
    views = models.PositiveIntegerField("阅读数", default=0)

    class Meta:
        verbose_name = "每日阅读数"
        verbose_name_plural = "每日阅读数"
        constraints = [
            # the upsert's conflict target, and one article's history by date
            models.UniqueConstraint(fields=["article", "day"], name="article_daily_views_unique"),
        ]
        indexes = [
            # the dashboard and the export read a range of days: per-day sums, the top
            # articles and the sections' sums come from this index alone
            models.Index(
                fields=["day", "article"], include=["views"], name="article_daily_day_idx"
            ),
        ]

    def __str__(self):
        return f"{self.day} {self.article_id}: {self.views}"
