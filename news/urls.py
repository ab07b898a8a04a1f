from django.urls import path

from news import feeds, views
from portal.pagecache import reader_page

# Whole pages are cached for anonymous readers (until the next scheduled publish time);
# the article page counts every visit, cached or not.
cached = reader_page()
paged = reader_page(params=("page",))

app_name = "news"
urlpatterns = [
    path("", cached(views.home), name="home"),
    path("news/", cached(views.news_index), name="index"),
    path("news/<slug:slug>/", paged(views.section_detail), name="section"),
    path(
        "articles/<int:pk>/",
        reader_page(count=views.count_visit)(views.article_detail),
        name="article",
    ),
    path("articles/<int:pk>/qr.svg", views.article_qr, name="article_qr"),
    path("magazine/", paged(views.magazine_list), name="magazine"),
    path("magazine/<int:pk>/", cached(views.magazine_issue), name="magazine_issue"),
    path("feeds/latest/", cached(feeds.LatestArticlesFeed()), name="feed_latest"),
    path("feeds/<slug:slug>/", cached(feeds.SectionFeed()), name="feed_section"),
]
