"""A month of reading history for the demo's dashboard (阅读情况).

The dashboard's chart counts `ArticleDailyViews`; without history it showed 29 zero
days and one spike from the demo's own first visits. Each published article gets
daily rows over the last 30 days that begin on its publication day, fall off as it
ages, dip at weekends and add up to part of its `view_count` (the total the article
list shows): 60 % for an article published within the month (less for one only days
old), 15 % for an older one, whose earlier reads are before the month. Created once, with a fixed seed.
"""

import random
from datetime import timedelta

from django.utils import timezone

from news.models import Article, ArticleDailyViews
from news.reads import CHART_DAYS

RECENT_SHARE = 0.6
OLDER_SHARE = 0.15
RAMP_DAYS = 15


def _weights(rnd: random.Random, days: list, published) -> list[float]:
    weights = []
    for day in days:
        if day < published:
            weights.append(0.0)
            continue
        age = (day - published).days
        weekend = 0.55 if day.weekday() >= 5 else 1.0
        weights.append(weekend * rnd.uniform(0.8, 1.2) / (1 + age / 4))
    weights[-1] *= 0.4  # today is not over
    return weights


def load(stdout) -> None:
    if ArticleDailyViews.objects.exists():
        stdout.write("阅读记录：已存在，未重复创建。")
        return
    rnd = random.Random(30)
    today = timezone.localdate()
    days = [today - timedelta(days=CHART_DAYS - 1 - i) for i in range(CHART_DAYS)]
    rows = []
    articles = Article.objects.published().only("id", "section_id", "publish_at", "view_count")
    for article in articles:
        published = timezone.localdate(article.publish_at)
        share = RECENT_SHARE if published >= days[0] else OLDER_SHARE
        weights = _weights(rnd, days, max(published, days[0]))
        total = sum(weights)
        online = (today - published).days + 1  # a new article has not been read much yet
        budget = int(article.view_count * share * min(1, online / RAMP_DAYS))
        for day, weight in zip(days, weights, strict=True):
            views = int(budget * weight / total) if total else 0
            if views:
                rows.append(
                    ArticleDailyViews(
                        article_id=article.pk, section_id=article.section_id, day=day, views=views
                    )
                )
    ArticleDailyViews.objects.bulk_create(rows, batch_size=1000)
    stdout.write(f"阅读记录：近 {CHART_DAYS} 天 {len(rows)} 条。")
