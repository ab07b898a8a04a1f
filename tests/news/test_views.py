"""Reader pages: content, fixed query counts at two data sizes, and bad input."""

import re
from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from news.models import NOTICES_SLUG, Article

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_with(make_section, make_article, make_issue, make_entry, png_bytes):
    """A site with `n` published articles spread over sections, notices and a magazine."""

    def build(n):
        news = make_section(name="资讯", slug="center", show_in_nav=True)
        subs = [
            make_section(name="协会动态", slug="association", parent=news),
            make_section(name="通知公告", slug=NOTICES_SLUG, parent=news),
        ]
        make_section(name="园区案例", slug="cases", show_in_nav=True)
        now = timezone.now()
        batch = [
            Article(
                title=f"批量文章{i}",
                section=subs[i % 2] if i % 3 else news.__class__.objects.get(slug="national"),
                status=Article.Status.PUBLISHED,
                publish_at=now - timedelta(minutes=i + 1),
                is_pinned=i == 5,
                body="<p>正文</p>",
            )
            for i in range(n)
        ]
        Article.objects.bulk_create(batch)
        slide = make_article(title="幻灯片文章", is_slide=True, is_headline=True)
        slide.cover = ContentFile(png_bytes(size=(600, 300)), name="c.png")
        slide.save()
        issue = make_issue(title="最新一期")
        for article in Article.objects.all()[:5]:
            make_entry(issue, article=article, page=1)
        return slide, issue

    return build


READER_URLS = [
    "/",
    "/news/",
    "/news/center/",
    "/news/national/",
    "/news/national/?page=2",
    "/magazine/",
    "/feeds/latest/",
    "/feeds/national/",
]


@pytest.mark.parametrize("n", [10, 200])
def test_reader_pages_issue_a_fixed_number_of_queries(
    client, site_with, section, django_assert_max_num_queries, n
):
    slide, issue = site_with(n)
    urls = [*READER_URLS, slide.get_absolute_url(), issue.get_absolute_url()]
    limits = {"/feeds/latest/": 4, "/feeds/national/": 4}
    for url in urls:
        if url.endswith("?page=2") and n < 40:
            continue
        # cold: the view's queries plus one for the whole-page cache's lifetime
        with django_assert_max_num_queries(limits.get(url, 13)):
            assert client.get(url).status_code == 200, url
        # the second request is served from the cache
        with django_assert_max_num_queries(limits.get(url, 2)):
            client.get(url)


def test_cached_home_needs_no_queries(client, site_with, section, django_assert_num_queries):
    site_with(10)
    client.get("/")
    with django_assert_num_queries(0):
        assert client.get("/").status_code == 200


def test_a_cached_article_needs_no_query(client, make_article, django_assert_num_queries):
    article = make_article()
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"
    assert (
        f'点击量：<span class="view-count" data-count-url="/articles/{article.pk}/views/">0<'
        in (response.content.decode())
    )


def test_home_shows_slider_headline_notices_blocks_magazine_and_directory_links(
    client, site_with, section
):
    slide, issue = site_with(12)
    html = client.get("/").content.decode()
    assert "data-slider" in html and slide.cover.url.removesuffix(".png") + ".600.webp" in html
    assert "headline-title" in html and slide.title in html
    assert "通知公告" in html and 'href="/news/notices/"' in html
    assert "协会动态" in html and "园区案例" in html
    assert issue.get_absolute_url() in html
    for link in ("/zones/", "/associations/", "/messages/", "/contribute/"):
        assert f'href="{link}"' in html


def test_section_lists_pinned_first_then_newest_and_includes_subsections(
    client, make_article, make_section
):
    parent = make_section(name="资讯中心", slug="center")
    child = make_section(name="协会动态", slug="association", parent=parent)
    old_pinned = make_article(
        section=child, publish_at=timezone.now() - timedelta(days=30), is_pinned=True
    )
    newest = make_article(section=child, publish_at=timezone.now() - timedelta(minutes=1))
    html = client.get("/news/center/").content.decode()
    assert html.index(old_pinned.title) < html.index(newest.title)
    assert "置顶" in html
    assert 'aria-current="page">全部' in html and "协会动态" in html


def test_article_page_anatomy(client, make_section, make_article):
    parent = make_section(name="资讯中心", slug="news")
    child = make_section(name="国家级开发区动态", slug="nat", parent=parent)
    older = make_article(
        section=child, title="较早文章", publish_at=timezone.now() - timedelta(days=2)
    )
    article = make_article(
        section=child,
        title="园区新闻标题",
        subtitle="副标题文字",
        source="温州开发区",
        author="应记者",
        publish_at=timezone.now() - timedelta(days=1),
    )
    newer = make_article(
        section=child, title="较新文章", publish_at=timezone.now() - timedelta(hours=1)
    )
    html = client.get(article.get_absolute_url()).content.decode()
    for text in (
        "园区新闻标题",
        "副标题文字",
        "来源：温州开发区",
        "作者：应记者",
        "发布时间：",
        "点击量：",
    ):
        assert text in html
    crumbs = html[
        html.index('aria-label="当前位置"') : html.index(
            "</nav>", html.index('aria-label="当前位置"')
        )
    ]
    assert crumbs.index("资讯中心") < crumbs.index("国家级开发区动态") < crumbs.index("正文</span>")
    assert f'上一篇：<a href="{older.get_absolute_url()}">' in html
    assert f'下一篇：<a href="{newer.get_absolute_url()}">' in html
    assert 'data-font-size="lg"' in html and "data-copy-link" in html and "data-print" in html
    assert f"/articles/{article.pk}/qr.svg" in html and "service.weibo.com/share" in html
    assert f'<link rel="canonical" href="http://testserver/articles/{article.pk}/">' in html
    assert 'property="og:title" content="园区新闻标题"' in html


def test_article_publish_time_is_a_valid_html_datetime(client, make_article):
    moment = timezone.now().replace(microsecond=654321) - timedelta(hours=1)
    article = make_article(publish_at=moment)
    html = client.get(f"/articles/{article.pk}/").content.decode()
    expected = timezone.localtime(moment).replace(microsecond=0).isoformat()
    assert f'<time datetime="{expected}">' in html
    assert f'property="article:published_time" content="{expected}"' in html
    assert ".654321" not in html


def test_article_qr_code_is_an_svg_of_the_page_address(client, make_article):
    article = make_article()
    response = client.get(f"/articles/{article.pk}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")
    assert "max-age=86400" in response["Cache-Control"]
    # Drawn at any size (the share box shows it at 148 px): its width and height are
    # the viewBox's, so the code fills whatever box it is put in.
    svg = response.content.decode()
    width, height = re.search(r'<svg width="(\d+)" height="(\d+)"', svg).groups()
    assert f'viewBox="0 0 {width} {height}"' in svg


def test_qr_code_of_a_hidden_article_is_404(client, hidden_articles):
    assert client.get(f"/articles/{hidden_articles['draft'].pk}/qr.svg").status_code == 404


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/news/national/?page=99", "第 99 页不存在，共 1 页"),
        ("/magazine/?page=7", "第 7 页不存在"),
        ("/news/no-such-section/", "栏目“no-such-section”不存在"),
        ("/articles/999999/", "这篇文章不存在或尚未发布"),
        ("/magazine/999999/", "这一期会刊不存在"),
    ],
)
def test_bad_input_gives_a_clear_chinese_404(client, make_article, url, message):
    make_article()
    response = client.get(url)
    assert response.status_code == 404
    assert message in response.content.decode()


def test_unknown_section_feed_is_404(client, db):
    assert client.get("/feeds/nowhere/").status_code == 404


def test_feeds_are_rss2_with_latest_first(client, make_article):
    old = make_article(title="旧闻", publish_at=timezone.now() - timedelta(days=5))
    new = make_article(title="新闻", publish_at=timezone.now() - timedelta(minutes=1))
    for url in ("/feeds/latest/", "/feeds/national/"):
        response = client.get(url)
        xml = response.content.decode()
        assert response["Content-Type"].startswith("application/rss+xml")
        assert '<rss version="2.0"' in xml
        assert xml.index(new.title) < xml.index(old.title)


def test_feed_descriptions_are_html_that_shows_typed_markup_as_text(client, make_article):
    # RSS readers render <description> as HTML: a summary, or a contributor's text that
    # the body holds escaped, must reach them escaped once more, not as live markup.
    make_article(title="甲", summary="<img src=x onerror=alert(1)> A&B")
    make_article(title="乙", summary="", body="<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>")
    xml = client.get("/feeds/latest/").content
    descriptions = {
        i.findtext("title"): i.findtext("description") for i in ET.fromstring(xml).iter("item")
    }
    assert descriptions == {
        "甲": "&lt;img src=x onerror=alert(1)&gt; A&amp;B",
        "乙": "&lt;script&gt;alert(1)&lt;/script&gt;",
    }


def test_sitemap_lists_articles_sections_magazine_and_portal_pages(
    client, make_article, make_issue, make_page
):
    article = make_article()
    issue = make_issue()
    make_page(slug="about", title="协会简介")
    index = client.get("/sitemap.xml").content.decode()
    assert "http://testserver/sitemap-articles.xml</loc>" in index
    assert "http://testserver/sitemap-zones.xml</loc>" in index
    xml = "".join(
        client.get(f"/sitemap-{name}.xml").content.decode()
        for name in ("articles", "sections", "magazine", "pages")
    )
    for path in (
        article.get_absolute_url(),
        "/news/national/",
        issue.get_absolute_url(),
        "/pages/about/",
    ):
        assert f"http://testserver{path}</loc>" in xml


def test_link_section_redirects_and_page_section_shows_its_body(client, make_section):
    make_section(slug="mag", kind="link", external_url="/magazine/")
    make_section(slug="guide", kind="page", body="<p>办事指南正文</p>")
    response = client.get("/news/mag/")
    assert response.status_code == 302 and response["Location"] == "/magazine/"
    assert "办事指南正文" in client.get("/news/guide/").content.decode()


def test_navigation_lists_top_sections_and_follows_edits(client, make_section, make_page):
    top = make_section(name="资讯中心", slug="news", show_in_nav=True)
    make_section(name="子栏目", slug="child", parent=top, show_in_nav=True)
    make_section(
        name="外部", slug="ext", kind="link", external_url="https://example.org/", show_in_nav=True
    )
    html = client.get("/news/").content.decode()
    nav = html[html.index('id="nav-list"') : html.index("</ul>", html.index('id="nav-list"'))]
    assert 'href="/news/" aria-current="page"' in nav and "子栏目" not in nav
    assert client.get("/news/news/")["Location"] == "/news/"
    assert 'href="https://example.org/" rel="noopener noreferrer" target="_blank"' in nav
    top.name = "新闻中心"
    top.save()
    assert "新闻中心" in client.get("/news/").content.decode()


def test_news_index_shows_picture_cards_only_for_articles_with_covers(
    client, make_article, png_bytes
):
    with_cover = make_article(title="有图文章")
    with_cover.cover = ContentFile(png_bytes(size=(500, 400)), name="p.png")
    with_cover.save()
    make_article(title="无图文章")
    html = client.get("/news/").content.decode()
    cards = html[html.index("图片新闻") : html.index("</section>", html.index("图片新闻"))]
    stem = with_cover.cover.url.rsplit(".", 1)[0]
    assert f"{stem}.400.webp 400w" in cards and "有图文章" in cards
    assert "无图文章" not in cards
