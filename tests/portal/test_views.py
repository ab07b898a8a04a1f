import base64
import hashlib
from datetime import timedelta
from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.utils import timezone

from portal.models import SiteSettings

pytestmark = pytest.mark.django_db


def test_home_is_chinese_with_header_nav_breadcrumb_area_and_footer_icp(client, make_page):
    make_page(title="协会简介", slug="about", show_in_nav=True)
    site = SiteSettings.load()
    site.icp_number = "京ICP备12345678号-1"
    site.save()
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-CN"' in html
    assert 'class="site-header"' in html and 'aria-label="主导航"' in html
    assert 'href="/pages/about/"' in html
    assert "京ICP备12345678号-1" in html
    assert 'href="https://beian.miit.gov.cn/"' in html


def test_page_shows_title_body_and_breadcrumb(client, make_page):
    make_page(title="协会章程", slug="charter", body="<p>第一条 本会名称。</p>")
    response = client.get("/pages/charter/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "当前位置：" in html and "协会章程" in html
    assert "<p>第一条 本会名称。</p>" in html


def test_unknown_page_slug_is_a_styled_404(client):
    response = client.get("/pages/no-such-page/")
    assert response.status_code == 404
    assert "抱歉，您访问的页面不存在" in response.content.decode()


def test_unpublished_page_is_404_for_readers_and_previewed_for_staff(client, make_page, superuser):
    make_page(slug="draft", title="草稿单页", is_published=False)
    assert client.get("/pages/draft/").status_code == 404
    client.force_login(superuser)
    response = client.get("/pages/draft/")
    assert response.status_code == 200
    assert "此页面尚未发布" in response.content.decode()


def test_healthz_reports_database_and_cache_separately(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    # the suite runs without REDIS_URL: the cache is each process's memory
    assert response.json() == {"status": "ok", "database": "ok", "redis": "local"}


def test_healthz_is_503_when_database_is_down(client):
    with mock.patch("portal.views.connection.cursor", side_effect=OperationalError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"
    assert response.json()["status"] == "error"


def test_healthz_says_degraded_not_down_when_only_redis_is_down(client, settings):
    from redis.exceptions import ConnectionError as RedisConnectionError

    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    with mock.patch(
        "django_redis.get_redis_connection", side_effect=RedisConnectionError("refused")
    ):
        response = client.get("/healthz")
    assert response.status_code == 200  # pages are still served, from the database
    assert response.json() == {"status": "degraded", "database": "ok", "redis": "unavailable"}


def test_reader_page_without_database_is_a_styled_503_not_a_500(client):
    with mock.patch("portal.models.SiteSettings.load", side_effect=OperationalError("down")):
        response = client.get("/news/")
    html = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "网站暂时无法访问，请稍后再试" in html and "/static/css/site." in html
    assert "Traceback" not in html and "OperationalError" not in html


def test_robots_txt_points_to_sitemap_and_hides_admin(client):
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_brand_colour_is_inline_and_admitted_by_the_policy_hash(client):
    site = SiteSettings.load()
    site.brand_color = "#b71c1c"
    site.save()
    response = client.get("/")
    css = ":root{--brand:#b71c1c;}"
    assert f"<style>{css}</style>" in response.content.decode()
    style_src = next(
        part for part in response["Content-Security-Policy"].split(";") if "style-src" in part
    )
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in style_src
    assert "unsafe-inline" not in style_src
    assert client.get("/theme.css").status_code == 404  # no stylesheet request of its own


@pytest.mark.parametrize(
    ("start", "end", "gray"),
    [
        (None, None, True),
        (-1, 1, True),
        (1, 2, False),  # scheduled for tomorrow
        (-2, -1, False),  # already over
    ],
)
def test_grayscale_switch_follows_its_date_range(client, start, end, gray):
    now = timezone.now()
    site = SiteSettings.load()
    site.grayscale = True
    site.grayscale_start = now + timedelta(days=start) if start is not None else None
    site.grayscale_end = now + timedelta(days=end) if end is not None else None
    site.save()
    html = client.get("/").content.decode()
    assert ('class="grayscale"' in html) is gray


def test_templates_carry_no_inline_script_or_style(client, make_page):
    make_page(slug="about")
    for url in ("/", "/pages/about/", "/pages/missing/"):
        html = client.get(url).content.decode()
        assert "<script>" not in html and "<script " not in html.replace("<script src=", "")
        assert ' style="' not in html
        assert " onclick=" not in html


def test_security_headers_are_sent(client):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_site_settings_and_nav_cost_no_query_once_cached(
    client, make_page, superuser, django_assert_num_queries
):
    make_page(slug="about", show_in_nav=True)
    client.get("/pages/about/")  # warms the cache
    with django_assert_num_queries(0):  # the whole page comes from the page cache
        assert client.get("/pages/about/")["X-Page-Cache"] == "hit"
    client.force_login(superuser)  # staff always get a fresh page, nothing cached
    client.get("/pages/about/")
    response = client.get("/pages/about/")
    assert "X-Page-Cache" not in response


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/favicon.ico", "image/x-icon"),
        ("/favicon.svg", "image/svg+xml"),
        ("/apple-touch-icon.png", "image/png"),
    ],
)
def test_the_icons_browsers_ask_for_at_the_root_answer_before_any_view(
    client, path, kind, django_assert_num_queries
):
    with django_assert_num_queries(0):
        response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == kind
    assert response["Cache-Control"] == "public, max-age=86400"
    assert "Set-Cookie" not in response and "Content-Security-Policy" not in response
