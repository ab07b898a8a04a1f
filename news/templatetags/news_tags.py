"""Article lists on reader pages, rendered in Python: `{% article_items articles %}`.

A list of 20 titles written as a template loop resolved every variable, reversed every
article's URL and formatted every date through the template engine, a large share of
an uncached section page's rendering (docs/benchmarks.md). This writes the same HTML,
one URL reversal per list.
"""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()

# The URL of article PLACEHOLDER, in which each row's id replaces the placeholder.
PLACEHOLDER = 2_147_483_647
BADGE = '<span class="badge">置顶</span>'


def _ymd(moment, short: bool) -> str:
    if moment is None:
        return ""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)  # as the |date filter shows it
    return (
        f"{moment.month:02d}-{moment.day:02d}"
        if short
        else f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
    )


@register.simple_tag
def article_items(articles, indent=None, pinned=False, short=False):
    """One `<li>` per article: its linked title (escaped; 置顶 badge first when `pinned`
    and the article is pinned) and its date (Y-m-d, or m-d when `short`), as the lists'
    template loops wrote them. `indent`: each row on its own line, that many spaces in
    (the loops' whitespace, kept so the page stays byte for byte the same)."""
    url = reverse("news:article", args=[PLACEHOLDER]).split(str(PLACEHOLDER))
    if indent is None:
        before = after = ""
    else:
        before = after = "\n" + " " * indent
    rows = []
    for a in articles:
        badge = BADGE if pinned and a.is_pinned else ""
        rows.append(
            f'{before}<li><a href="{url[0]}{a.pk}{url[1]}">{badge}{conditional_escape(a.title)}'
            f'</a><span class="date">{_ymd(a.publish_at, short)}</span></li>{after}'
        )
    return mark_safe("".join(rows))  # noqa: S308 (titles escaped above)
