from django.urls import path

from news import feeds, views
from portal.pagecache import reader_page

# Whole pages are cached for anonymous readers (until the next scheduled publish time);
# an article page's script posts each visit to article_views, which is never cached.
cached = reader_page()
paged = reader_page(params=("page",))

app_name = "news"
urlpatterns = [
    path("", cached(views.home), name="home"),
    path("news/", cached(views.news_index), name="index"),
    path("news/<slug:slug>/", paged(views.section_detail), name="section"),
    path("articles/<int:pk>/", cached(views.article_detail), name="article"),
    path("articles/<int:pk>/views/", views.article_views, name="article_views"),
    path(
        "articles/<int:pk>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path("articles/<int:pk>/qr.svg", views.article_qr, name="article_qr"),
    path("sitemap/", cached(views.site_map), name="site_map"),
    path("magazine/", paged(views.magazine_list), name="magazine"),
    path("magazine/<int:pk>/", cached(views.magazine_issue), name="magazine_issue"),
    path("feeds/latest/", cached(feeds.LatestArticlesFeed()), name="feed_latest"),
    path("feeds/<slug:slug>/", cached(feeds.SectionFeed()), name="feed_section"),
]
