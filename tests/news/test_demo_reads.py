"""The demo's dashboard has a month of reading history: the 30-day chart shows reads
on most days, without one spike, and adds up to no more than the articles' totals."""

import json
import re
import statistics

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db.models import Sum

from news.models import Article, ArticleDailyViews

# Loads the whole demo site, twice.
pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_the_demo_chart_has_reads_on_most_days_consistent_with_the_totals(superuser_client):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    cache.clear()
    html = superuser_client.get("/admin/").content.decode()
    data = re.search(
        r'<script id="reading-chart-data" type="application/json">(.*?)</script>', html
    )
    reads = json.loads(data[1])["reads"]
    assert len(reads) == 30
    assert sum(1 for n in reads if n > 0) >= 25
    assert max(reads) <= 4 * statistics.median(reads)  # no lone spike
    # no article was read more in the month than it was read in all
    totals = Article.objects.annotate(month=Sum("daily_views__views")).filter(month__gt=0)
    assert totals.exists()
    assert all(a.month <= a.view_count for a in totals)
    rows = ArticleDailyViews.objects.count()
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert ArticleDailyViews.objects.count() == rows
