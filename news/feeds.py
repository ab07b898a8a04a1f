"""RSS 2.0 feeds: the latest articles of the whole site and of one section."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.html import escape

from editorial.sanitize import html_to_text
from news import caching
from news.models import Article, Section
from portal.models import SiteSettings

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-cn"

    def title(self):
        return f"{SiteSettings.load().site_name} · 最新资讯"

    def link(self):
        return "/news/"

    def description(self):
        return SiteSettings.load().description or "最新发布的资讯、通知公告与政策法规。"

    def items(self):
        return (
            Article.objects.published()
            .select_related("section")
            .order_by("-publish_at", "-id")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Feed readers render the description as HTML; ours is plain text: escape it.
        if item.members_only:  # a feed is public: the summary only, never the body
            return escape(item.summary or "会员可见内容，请登录会员专区阅读。")
        return escape(item.summary or html_to_text(item.body)[:200])

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author or item.source or None

    def item_categories(self, item):
        return [item.section.name]


class SectionFeed(LatestArticlesFeed):
    def get_object(self, request, slug):
        tree = caching.section_tree()
        node = tree.get(slug)
        if node is None or node.kind != Section.Kind.LIST:
            raise Http404("栏目不存在")
        return node

    def title(self, obj):
        return f"{SiteSettings.load().site_name} · {obj.name}"

    def link(self, obj):
        return obj.url

    def description(self, obj):
        return obj.description or f"{obj.name}栏目的最新文章。"

    def items(self, obj):
        ids = caching.section_tree().descendant_ids(obj.id)
        return (
            Article.objects.published()
            .filter(section_id__in=ids)
            .select_related("section")
            .order_by("-publish_at", "-id")[:FEED_SIZE]
        )
