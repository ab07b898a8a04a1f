from django.apps import AppConfig

_ARTICLE_DRAFTS = [
    "view_article",
    "add_article",
    "change_article",
    "view_articleattachment",
    "add_articleattachment",
    "change_articleattachment",
    "delete_articleattachment",
    "view_section",
    "view_magazineissue",
    "view_magazineentry",
]


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "资讯中心"
    # 编辑 writes drafts; 审核发布 publishes (news.publish_article), deletes and keeps the
    # section tree and the magazine (see editorial.roles).
    role_permissions: dict[str, list[str]] = {
        "编辑": _ARTICLE_DRAFTS,
        "审核发布": [
            *_ARTICLE_DRAFTS,
            "publish_article",
            "delete_article",
            "add_section",
            "change_section",
            "delete_section",
            "add_magazineissue",
            "change_magazineissue",
            "delete_magazineissue",
            "add_magazineentry",
            "change_magazineentry",
            "delete_magazineentry",
        ],
    }

    def ready(self):
        from news import caching, receivers  # noqa: F401 (connects the receivers)
        from news import search as news_search
        from portal import pagecache

        news_search.register_kinds()
        # No cached page (search results, zone pages …) outlives the next scheduled
        # publish or end time of an article.
        pagecache.register_expiry(caching.ttl)
