"""Reader pages of the news app: home, 资讯中心, sections, articles and the magazine.

Whole pages are cached for anonymous readers by `portal.pagecache` (urls.py); the
views themselves read the database, plus the cached section tree (`news.caching`).
Staff previews of unpublished articles are never cached, by us or by browsers. An
article's 点击量 is counted by `article_views`, which its page calls from its script.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.db.models import IntegerField, Q, Value
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from news import caching, visits
from news.models import NOTICES_SLUG, Article, MagazineIssue, Section
from portal.models import Page, SiteSettings
from portal.pagination import paginate
from publicforms.limits import blocked, over_limit
from publicforms.qrcodes import qr_svg

PER_PAGE = 20
BLOCK_SIZE = 8
LIST_FIELDS = ("id", "title", "publish_at", "section_id", "is_pinned")


def latest_per_group(groups: dict, n: int) -> dict:
    """Newest `n` published articles for each group of section ids, in one query."""
    groups = {k: ids for k, ids in groups.items() if ids}
    if not groups:
        return {}
    parts = []
    for index, ids in enumerate(groups.values()):
        parts.append(
            Article.objects.published()
            .filter(section_id__in=ids)
            .annotate(block=Value(index, output_field=IntegerField()))
            .only(*LIST_FIELDS, "cover_list")
            .order_by("-publish_at", "-id")[:n]
        )
    rows = list(parts[0].union(*parts[1:], all=True))
    keys = list(groups)
    result = {k: [] for k in keys}
    for article in rows:
        result[keys[article.block]].append(article)
    for items in result.values():
        items.sort(key=lambda a: (a.publish_at, a.id), reverse=True)
    return result


def _home_data(block_size: int = BLOCK_SIZE) -> dict:
    tree = caching.section_tree()
    notices = tree.get(NOTICES_SLUG)
    blocks: list = []
    for top in tree.child_nodes(None):
        if top.kind != Section.Kind.LIST:
            continue
        children = [c for c in tree.child_nodes(top.id) if c.kind == Section.Kind.LIST]
        for node in children or [top]:
            if (notices and node.id == notices.id) or not node.show_on_home:
                continue
            blocks.append(node)
    groups = {node.id: tree.descendant_ids(node.id) for node in blocks}
    if notices:
        groups["notices"] = tree.descendant_ids(notices.id)
    latest = latest_per_group(groups, block_size)
    published = Article.objects.published()
    slides = list(
        published.filter(is_slide=True)
        .exclude(cover_slide="")
        .only("id", "title", "summary", "cover", "publish_at")
        .order_by("-publish_at", "-id")[:5]
    )
    headline = (
        published.filter(is_headline=True)
        .only("id", "title", "summary", "publish_at")
        .order_by("-publish_at", "-id")
        .first()
    )
    issue = MagazineIssue.objects.published().first()
    return {
        "slides": slides,
        "headline": headline,
        "notices_section": notices,
        "notices": latest.get("notices", []),
        "blocks": [(node, latest.get(node.id, [])) for node in blocks],
        "issue": issue,
    }


@require_GET
def home(request):
    # Editors choose the blocks' length in 站点设置; the other home choices are read by
    # the template from the same (cached) settings.
    size = SiteSettings.load().home_block_size
    return render(request, "news/home.html", _home_data(size))


def _index_data() -> dict:
    tree = caching.section_tree()
    sections = [
        node
        for top in tree.child_nodes(None)
        for node in [top, *tree.child_nodes(top.id)]
        if node.kind == Section.Kind.LIST and (node.parent_id or not tree.child_nodes(node.id))
    ]
    latest = latest_per_group({n.id: tree.descendant_ids(n.id) for n in sections}, BLOCK_SIZE)
    pictures = list(
        Article.objects.published()
        .exclude(cover_card="")
        .only("id", "title", "cover", "publish_at")
        .order_by("-publish_at", "-id")[:4]
    )
    return {"blocks": [(node, latest.get(node.id, [])) for node in sections], "pictures": pictures}


@require_GET
def news_index(request):
    context = _index_data()
    context["sidebar_sections"] = _nav_list_sections()
    return render(request, "news/news_index.html", context)


def _nav_list_sections():
    tree = caching.section_tree()
    return [n for n in tree.child_nodes(None) if n.kind != Section.Kind.LINK]


@require_GET
def section_detail(request, slug):
    tree = caching.section_tree()
    node = tree.get(slug)
    if node is None:
        raise Http404(f"栏目“{slug}”不存在。")
    if node.kind == Section.Kind.LINK or node.url != request.path:
        return redirect(node.url)  # a link section, or 资讯中心 whose page is /news/
    chain = tree.ancestors(node.id)
    top = chain[0]
    sidebar_root = node if tree.child_nodes(node.id) else (chain[-2] if len(chain) > 1 else top)
    context = {
        "section": node,
        "chain": chain,
        "sidebar_root": sidebar_root,
        "sidebar": tree.child_nodes(sidebar_root.id),
    }
    if node.kind == Section.Kind.PAGE:
        body = Section.objects.filter(pk=node.id).values_list("body", flat=True).first()
        return render(request, "news/section_page.html", {**context, "body": body})
    queryset = (
        Article.objects.published()
        .filter(section_id__in=tree.descendant_ids(node.id))
        .only(*LIST_FIELDS)
        .in_list_order()
    )
    page_obj = paginate(request, IdsFirst(queryset), PER_PAGE, count_key=f"news:section:{node.id}")
    return render(
        request,
        "news/section_detail.html",
        {
            **context,
            "page_obj": page_obj,
            "articles": page_obj.object_list,
            "show_section": len(tree.descendant_ids(node.id)) > 1,
        },
    )


class IdsFirst:
    """A list's rows for the paginator, a page at a time: the page's ids through the list
    index alone (an index-only scan, so a deep page's OFFSET skips index entries, not
    rows), then those rows, in one query, rather than reading and sorting the whole
    section for a deep page (docs/benchmarks.md)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item: slice) -> list:
        return list(self.queryset.filter(pk__in=self.queryset.values("pk")[item]))


def _article_data(article: Article) -> dict:
    tree = caching.section_tree()
    siblings = Article.objects.published().filter(section_id=article.section_id)
    older = (
        siblings.filter(publish_at__lte=article.publish_at)
        .exclude(pk=article.pk)
        .exclude(publish_at=article.publish_at, id__gt=article.pk)
        .only("id", "title")
        .order_by("-publish_at", "-id")
        .first()
    )
    newer = (
        siblings.filter(publish_at__gte=article.publish_at)
        .exclude(pk=article.pk)
        .exclude(publish_at=article.publish_at, id__lt=article.pk)
        .only("id", "title")
        .order_by("publish_at", "id")
        .first()
    )
    skip = [article.pk] + [a.pk for a in (older, newer) if a]
    related = list(
        siblings.exclude(pk__in=skip).only(*LIST_FIELDS).order_by("-publish_at", "-id")[:6]
    )
    return {
        "article": article,
        "chain": tree.ancestors(article.section_id),
        "attachments": list(article.attachments.all()),
        # Article.zones' related manager carries Zone's QuerySet: only published zones.
        "zones": list(article.zones.published().only("id", "name").order_by("name")),
        "previous": older,
        "next": newer,
        "related": related,
    }


@require_GET
def article_detail(request, pk):
    """Readers see published articles (cached by `reader_page`: urls.py); staff who may
    view articles also see drafts and scheduled ones."""
    article = Article.objects.for_user(request.user).select_related("section")
    article = article.filter(pk=pk).first()
    if article is None:
        raise Http404("这篇文章不存在或尚未发布。")
    context = {
        **_article_data(article),
        "preview": not article.is_visible,
        "weibo_url": "https://service.weibo.com/share/share.php?"
        + urlencode(
            {"url": _absolute(request, article.get_absolute_url()), "title": article.title}
        ),
    }
    response = render(request, "news/article_detail.html", context)
    if request.user.is_staff:
        add_never_cache_headers(response)
    return response


@csrf_exempt  # the cached article page carries no token; the header below stands in
@never_cache
@require_POST
def article_views(request, pk):
    """One reader's visit to a published article, sent by the page's script (js/article.js),
    and the new 点击量. Staff are shown the count without adding to it. The
    X-Requested-With header, which another site's form cannot send, keeps visits from
    being counted by a cross-site post."""
    if request.headers.get("X-Requested-With") != "XMLHttpRequest":
        return JsonResponse({"error": "请从文章页面访问。"}, status=400)
    rate = settings.NEWS_VIEW_COUNT_RATE
    if over_limit(request, group="article-views", rate=rate):
        return blocked(request, group="article-views", rate=rate)
    if request.user.is_staff:
        views = Article.objects.published().filter(pk=pk).values_list("view_count", flat=True)
        views = views.first()
    else:
        views = visits.count(pk)
    if views is None:
        return JsonResponse({"error": "这篇文章不存在或尚未发布。"}, status=404)
    return JsonResponse({"views": views})


def _absolute(request, path: str) -> str:
    base = settings.SITE_URL or request.build_absolute_uri("/").rstrip("/")
    return base + path


@require_GET
def article_qr(request, pk):
    """The WeChat share QR code of an article's address, as SVG made on the server."""
    if not Article.objects.for_user(request.user).filter(pk=pk).exists():
        raise Http404("文章不存在")
    url = _absolute(request, Article(pk=pk).get_absolute_url())
    cache_key = f"news:qr:{url}"
    svg = cache.get(cache_key)
    if svg is None:
        svg = qr_svg(url, title="本页二维码")
        cache.set(cache_key, svg, 86400)
    response = HttpResponse(svg, content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=86400)
    return response


def _section_forest() -> list[dict]:
    """Every section as nested {"section", "children"} in menu order: one query. Menu
    links to this site's own pages (通知公告, the directories) are left out: the map
    lists those pages under their own headings."""
    children: dict[int | None, list[dict]] = {}
    shortcuts = Q(kind=Section.Kind.LINK, external_url__startswith="/")
    for section in Section.objects.exclude(shortcuts).order_by("order", "id"):
        children.setdefault(section.parent_id, []).append({"section": section})
    for nodes in children.values():
        for node in nodes:
            node["children"] = children.get(node["section"].pk, [])
    return children.get(None, [])


@require_GET
def site_map(request):
    """网站地图 for readers: the section tree, the single pages, the directories and the
    services, each a link (/sitemap.xml stays the search engines' list)."""
    pages = Page.objects.published().only("title", "slug")
    return render(request, "news/site_map.html", {"sections": _section_forest(), "pages": pages})


@require_GET
def magazine_list(request):
    queryset = MagazineIssue.objects.published().only(
        "id", "year", "number", "title", "cover", "published_on"
    )
    page_obj = paginate(request, queryset, 12, count_key="news:magazine")
    return render(
        request, "news/magazine_list.html", {"page_obj": page_obj, "issues": page_obj.object_list}
    )


@require_GET
def magazine_issue(request, pk):
    issue = MagazineIssue.objects.published().filter(pk=pk).first()
    if issue is None:
        raise Http404("这一期会刊不存在或尚未上线。")
    entries = list(
        issue.entries.select_related("article").only(
            "id",
            "column",
            "title",
            "page",
            "order",
            "issue_id",
            "article__id",
            "article__title",
            "article__status",
            "article__publish_at",
            "article__unpublish_at",
            "article__deleted_at",
        )
    )
    others = list(MagazineIssue.objects.published().exclude(pk=pk).only("id", "year", "number")[:8])
    context = {"issue": issue, "entries": entries, "other_issues": others}
    return render(request, "news/magazine_issue.html", context)
