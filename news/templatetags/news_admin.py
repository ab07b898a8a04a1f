"""The admin index's news blocks (the dashboard): articles that need someone today,
and how the site is read. Each block is shown only to staff who may view articles,
and costs a fixed number of queries whatever the size of the archive."""

from datetime import timedelta
from urllib.parse import urlencode

from django import template
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from editorial.admin import pending_ids
from news import reads
from news.models import Article

register = template.Library()

SOON = timedelta(days=7)
SHOWN = 5
# The reading figures are shared by every editor and may be a little behind: they are
# made at most once every two minutes (one aggregate over 30 days of daily rows).
FIGURES_TTL = 120


def changelist(**params) -> str:
    return reverse("admin:news_article_changelist") + "?" + urlencode(params)


def _coming(label: str, field: str, now) -> dict:
    """The published articles whose `field` (publish_at, unpublish_at) falls in the next
    7 days: their count, the change list filtered alike, and the first few."""
    until = now + SOON
    window = {f"{field}__gte": now, f"{field}__lt": until}
    rows = Article.objects.filter(status=Article.Status.PUBLISHED, **window)
    local = {k: timezone.localtime(v).isoformat(timespec="seconds") for k, v in window.items()}
    return {
        "label": label,
        "count": rows.count(),
        "url": changelist(status__exact=Article.Status.PUBLISHED, **local),  # Beijing time
        "first": [
            {
                "url": reverse("admin:news_article_change", args=[a.pk]),
                "text": a.title,
                "note": f"{timezone.localtime(getattr(a, field)):%m-%d %H:%M}",
            }
            for a in rows.only("id", "title", field).order_by(field, "id")[:SHOWN]
        ],
    }


@register.inclusion_tag("includes/admin_queues.html", takes_context=True)
def article_queues(context):
    """待审文章, changes to live articles waiting for a publisher, the user's articles
    returned to them, articles going live in the next 7 days and those going offline in the
    next 7 days: counts linking to the change list filtered alike, and the first few."""
    user = context["request"].user
    if not user.has_perm("news.view_article"):
        return {"queues": []}
    now = timezone.now()
    queues = [
        {
            "label": "待审文章",
            "count": Article.objects.filter(status=Article.Status.REVIEW).count(),
            "url": changelist(status__exact=Article.Status.REVIEW),
        },
        {
            "label": "待发布的修改稿",
            "count": Article.objects.filter(pk__in=pending_ids(Article)).count(),
            "url": changelist(pending="waiting"),
        },
        {
            "label": "退回给我的文章",
            "count": Article.objects.filter(created_by=user, status=Article.Status.DRAFT)
            .exclude(review_note="")
            .count(),
            "url": changelist(mine="returned"),
        },
        _coming("7 天内定时发布", "publish_at", now),
        _coming("7 天内下线", "unpublish_at", now),
    ]
    return {"queues": queues, "caption": "待办文章", "block_id": "article-queues"}


@register.inclusion_tag("news/admin/reading_figures.html", takes_context=True)
def reading_figures(context):
    """Reads per day for the last 30 days (a line chart and its table), the top 10
    articles of the last 7 and 30 days, and reads per section, for staff who may view
    articles; with the link to the CSV export."""
    if not context["request"].user.has_perm("news.view_article"):
        return {"figures": None}
    today = timezone.localdate()
    figures = cache.get_or_set(f"news:reads:{today}", lambda: reads.figures(today), FIGURES_TTL)
    chart = {
        "days": [day.strftime("%m-%d") for day, _ in figures["per_day"]],
        "reads": [n for _, n in figures["per_day"]],
        "sections": [s["name"] for s in figures["sections"]][:12],
        "section_reads": [s["reads"] for s in figures["sections"]][:12],
    }
    for section in figures["sections"]:
        section["url"] = changelist(section__id__exact=section["id"]) if section["id"] else ""
    return {
        "figures": figures,
        "chart": chart,
        "days": reads.CHART_DAYS,
        "minutes": FIGURES_TTL // 60,
    }
