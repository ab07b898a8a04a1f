"""The 网站地图 page a reader reaches from the footer: every section in its tree, the
published single pages, the directories and the services, as links in one cached page."""

import re

import pytest

pytestmark = pytest.mark.django_db

SERVICES = {
    "/events/": "活动报名",
    "/contribute/": "投稿",
    "/messages/new/": "留言",
    "/membership/apply/": "入会申请",
    "/events/registration/": "报名查询",
    "/contribute/status/": "投稿查询",
    "/messages/lookup/": "留言查询",
    "/membership/status/": "入会申请查询",
    "/zones/": "开发区名录",
    "/associations/": "协会名录",
}


def _main(html: str) -> str:
    return html.split('id="main"', 1)[1].split("<footer", 1)[0]


def _links(html: str) -> dict[str, str]:
    main = _main(html)
    return dict(re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', main))


def test_the_footer_leads_to_a_page_of_every_section_page_directory_and_service(
    client, make_section, make_page
):
    news = make_section(name="资讯中心", slug="news", order=1)
    make_section(name="通知公告", slug="notices", parent=news)
    make_section(name="办事指南", slug="guide", kind="page", order=2)
    make_section(name="开发区", slug="zones", kind="link", external_url="/zones/", order=3)
    make_section(name="友好网站", slug="friend", kind="link", external_url="https://example.org/")
    make_page(title="协会简介", slug="about")
    make_page(title="内部草稿", slug="draft", is_published=False)
    home = client.get("/").content.decode()
    assert '<a href="/sitemap/">网站地图</a>' in home
    html = client.get("/sitemap/").content.decode()
    assert "<h1" in html and "网站地图</h1>" in html
    links = _links(html)
    for href, label in {
        "/news/": "资讯中心",
        "/news/notices/": "通知公告",
        "/news/guide/": "办事指南",
        "/pages/about/": "协会简介",
        **SERVICES,
    }.items():
        assert links.get(href) == label, href
    assert "/pages/draft/" not in links
    assert links["https://example.org/"] == "友好网站"
    assert _main(html).count('href="/zones/"') == 1  # under 名录, not again as a section
    # 通知公告 sits inside 资讯中心's list, as in the menu's tree
    tree = html.split('id="sm-sections"', 1)[1].split("</section>", 1)[0]
    assert re.search(r"资讯中心</a><ul[^>]*>\s*<li><a href=\"/news/notices/\"", tree)


@pytest.mark.parametrize("rows", [3, 30])
def test_the_site_map_asks_two_queries_whatever_the_size_and_none_once_cached(
    client, make_section, make_page, rows, forget_cached_page, django_assert_num_queries
):
    for n in range(rows):
        top = make_section(name=f"栏目{n}", slug=f"top-{n}")
        make_section(name=f"子栏目{n}", slug=f"child-{n}", parent=top)
        make_page(title=f"单页{n}", slug=f"page-{n}")
    client.get("/")  # site settings, menus and footer into the cache
    forget_cached_page("/sitemap/")
    with django_assert_num_queries(2):  # the sections, the published pages
        assert client.get("/sitemap/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/sitemap/").status_code == 200
