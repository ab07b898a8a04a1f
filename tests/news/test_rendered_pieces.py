"""Pages built for requests with a session (never cached): the menu follows the page,
the search box the reader's own query, and header, footer and home blocks every edit."""

import pytest

from portal.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client):
    client.cookies["sessionid"] = "none"  # past the page cache, as after posting a message
    return client


def current_items(html: str) -> list[str]:
    start = html.index('<ul class="nav-list"')
    nav = html[start : html.index("</ul>", start)]
    return [part.split(">", 1)[1].split("<", 1)[0] for part in nav.split('aria-current="page"')[1:]]


def test_the_menu_marks_the_page_being_read(reader, make_section, make_article):
    make_section(name="地方动态", slug="local", show_in_nav=True)
    national = make_section(name="政策法规", slug="policy", show_in_nav=True)
    article = make_article(section=national)
    assert current_items(reader.get("/").content.decode()) == ["首页"]
    assert current_items(reader.get("/news/local/").content.decode()) == ["地方动态"]
    assert current_items(reader.get("/news/policy/").content.decode()) == ["政策法规"]
    # An article's URL is under no section: nothing marked, as before.
    assert current_items(reader.get(article.get_absolute_url()).content.decode()) == []
    assert current_items(reader.get("/events/").content.decode()) == ["活动报名"]
    assert current_items(reader.get("/").content.decode()) == ["首页"]


def test_the_search_box_shows_each_readers_own_query(reader):
    first = reader.get("/search/", {"q": "园区招商"}).content.decode()
    second = reader.get("/search/", {"q": "<保税区>"}).content.decode()
    assert 'id="header-q" type="search" name="q" value="园区招商"' in first
    assert 'id="header-q" type="search" name="q" value="&lt;保税区&gt;"' in second
    assert "园区招商" not in second


def test_an_edit_shows_at_once_in_header_footer_and_home_blocks(reader, make_article):
    article = make_article(title="旧标题")
    page = reader.get("/").content.decode()
    assert "旧标题" in page and page.count("中国开发区协会") >= 2
    site = SiteSettings.load()
    site.site_name = "新的协会名称"
    site.copyright = "© 新的版权声明"
    site.save()
    article.title = "新标题"
    article.save()
    page = reader.get("/").content.decode()
    assert "新标题" in page and "旧标题" not in page
    assert '<span class="brand-name">新的协会名称</span>' in page
    assert "© 新的版权声明" in page


def test_the_section_list_escapes_titles_and_marks_pinned_articles(reader, make_article):
    make_article(title="<script>x</script>置顶通知", is_pinned=True)
    page = reader.get("/news/national/").content.decode()
    assert '<span class="badge">置顶</span>&lt;script&gt;x&lt;/script&gt;置顶通知' in page
    assert "<script>x" not in page
