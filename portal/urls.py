from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.static import serve

from associations.sitemaps import AssociationSitemap, ZoneSitemap
from events.sitemaps import SITEMAPS as EVENT_SITEMAPS
from news.sitemaps import SITEMAPS as NEWS_SITEMAPS
from portal import traditional, views
from portal.pagecache import reader_page
from publicforms import captchas
from search import views as search_views

# /sitemap.xml is an index: with 100,000 articles one file would pass the 50,000-URL limit.
SITEMAPS = {
    **NEWS_SITEMAPS,
    "zones": ZoneSitemap,
    "associations": AssociationSitemap,
    **EVENT_SITEMAPS,
}

portal_patterns = (
    [
        path("pages/<slug:slug>/", reader_page()(views.PageDetailView.as_view()), name="page"),
        path("robots.txt", views.robots_txt, name="robots"),
        re_path(r"^script/(?P<script>hans|hant)/$", traditional.choose_script, name="script"),
        path("editor/upload/", views.editor_upload, name="editor_upload"),
        path("editor/check/", views.editor_check, name="editor_check"),
        path(
            "search/",
            reader_page(params=search_views.PARAMS)(search_views.search_page),
            name="search",
        ),
    ],
    "portal",
)

urlpatterns = [
    path("", include(portal_patterns)),
    path("", include("news.urls")),
    path("", include("associations.urls")),
    path("", include("submissions.urls")),
    path("", include("membership.urls")),
    path("", include("events.urls")),
    path("", include("publicforms.urls")),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap-section",
    ),
    path("admin/", admin.site.urls),
    # The library's refresh URL, rate-limited; its image URLs as they come.
    path("captcha/refresh/", captchas.refresh, name="captcha-refresh"),
    path("captcha/", include("captcha.urls")),
]

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

if settings.SERVE_MEDIA:
    # Production lets nginx serve /media/; the demo and the browser tests let Django.
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]
