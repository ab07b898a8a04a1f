from django.urls import path

from news import feeds, views

app_name = "news"
urlpatterns = [
    path("", views.home, name="home"),
    path("news/", views.news_index, name="index"),
    path("news/<slug:slug>/", views.section_detail, name="section"),
    path("articles/<int:pk>/", views.article_detail, name="article"),
    path("articles/<int:pk>/qr.svg", views.article_qr, name="article_qr"),
    path("magazine/", views.magazine_list, name="magazine"),
    path("magazine/<int:pk>/", views.magazine_issue, name="magazine_issue"),
    path("feeds/latest/", feeds.LatestArticlesFeed(), name="feed_latest"),
    path("feeds/<slug:slug>/", feeds.SectionFeed(), name="feed_section"),
]
