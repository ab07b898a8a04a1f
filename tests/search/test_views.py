"""The /search/ page: results, filters, messages, robustness and query counts."""

import datetime

import pytest
from django.utils import timezone

import search
from portal.models import Page
from search import engine
from search.query import MAX_QUERY_CHARS
from tests.search.conftest import hits_of

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


def test_two_character_word_finds_page_and_highlights_title_and_snippet(
    client, make_searchable_page
):
    make_searchable_page(
        title="中国开发区协会简介",
        slug="about",
        body="<p>本会由全国各类开发区自愿结成，协会秘书处设在北京。</p>",
    )
    make_searchable_page(title="联系我们", slug="contact", body="<p>地址：北京市。</p>")
    response = client.get("/search/", {"q": "协会"})
    html = html_of(response)
    assert response.status_code == 200
    assert '<a href="/pages/about/">中国开发区<mark>协会</mark>简介</a>' in html
    assert "<mark>协会</mark>秘书处" in html
    assert "/pages/contact/" not in html
    assert 'value="协会"' in html  # kept in the header box and the page's own box
    assert "找到约 <strong>1</strong> 条" in html


def test_unpublished_pages_never_appear(client, make_searchable_page):
    make_searchable_page(title="协会草稿", slug="draft", is_published=False)
    response = client.get("/search/", {"q": "协会"})
    assert "/pages/draft/" not in html_of(response)
    assert "没有找到与“协会”相关的内容" in html_of(response)


def test_saving_updates_the_index_in_the_same_save(client, make_searchable_page):
    page = make_searchable_page(title="旧标题", slug="p")
    page.title = "招商引资指南"
    page.save()
    assert "/pages/p/" in html_of(client.get("/search/", {"q": "招商引资"}))
    assert "/pages/p/" not in html_of(client.get("/search/", {"q": "旧标题"}))


def test_save_with_update_fields_keeps_the_vector_current(make_searchable_page):
    page = make_searchable_page(title="旧标题", slug="p")
    page.title = "高新区巡礼"
    page.save(update_fields=["title"])
    page.refresh_from_db()
    assert "'高新区'" in page.search_vector


def test_title_match_ranks_above_body_match(client, make_searchable_page):
    make_searchable_page(title="年度工作报告", slug="body", body="<p>营商环境持续优化。</p>")
    make_searchable_page(title="营商环境年度观察", slug="title", days_ago=300)
    html = html_of(client.get("/search/", {"q": "营商环境"}))
    assert html.index("/pages/title/") < html.index("/pages/body/")


def test_exact_phrase_ranks_above_scattered_words(client, make_searchable_page):
    make_searchable_page(title="评价体系完善后营商环境优化", slug="scattered")
    make_searchable_page(title="开发区营商环境评价指南", slug="phrase", days_ago=400)
    html = html_of(client.get("/search/", {"q": "营商环境评价"}))
    assert html.index("/pages/phrase/") < html.index("/pages/scattered/")


def test_equal_matches_are_newest_first(client, make_searchable_page):
    make_searchable_page(title="开发区年会", slug="old", days_ago=30)
    make_searchable_page(title="开发区年会", slug="new", days_ago=1)
    html = html_of(client.get("/search/", {"q": "年会"}))
    assert html.index("/pages/new/") < html.index("/pages/old/")


def test_traditional_full_width_and_latin_queries_find_simplified_text(
    client, make_searchable_page
):
    make_searchable_page(title="开发区协会 CKEditor 5 培训", slug="p")
    for q in ["開發區協會", "ＣＫＥｄｉｔｏｒ", "ckeditor 5"]:
        assert "/pages/p/" in html_of(client.get("/search/", {"q": q})), q


def test_date_range_filters_by_search_date(client, make_searchable_page):
    make_searchable_page(title="开发区年报", slug="recent", days_ago=2)
    make_searchable_page(title="开发区年报", slug="old", days_ago=400)
    since = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    html = html_of(client.get("/search/", {"q": "年报", "from": since}))
    assert "/pages/recent/" in html and "/pages/old/" not in html
    until = (timezone.localdate() - datetime.timedelta(days=100)).isoformat()
    html = html_of(client.get("/search/", {"q": "年报", "to": until}))
    assert "/pages/old/" in html and "/pages/recent/" not in html


def test_bad_dates_and_unknown_kind_or_section_are_ignored_with_a_message(
    client, make_searchable_page
):
    make_searchable_page(title="开发区年报", slug="p")
    response = client.get(
        "/search/", {"q": "年报", "from": "2024-13-45", "kind": "nope", "section": "nope"}
    )
    html = html_of(response)
    assert response.status_code == 200
    assert "无法识别" in html and "没有这种内容类型" in html and "没有这个栏目" in html
    assert 'value="2024-13-45"' not in html  # a bad date is not put back into the form
    assert "/pages/p/" in html


def test_type_facets_show_counts_and_filter(client, make_searchable_page):
    make_searchable_page(title="开发区年报", slug="p")
    html = html_of(client.get("/search/", {"q": "年报", "kind": "page"}))
    assert 'aria-current="true">单页<span class="count">（1）</span>' in html
    assert "/pages/p/" in html


def test_types_without_a_hit_get_no_chip_unless_chosen(client, make_searchable_page):
    make_searchable_page(title="开发区年报", slug="p")
    html = html_of(client.get("/search/", {"q": "年报"}))
    assert '单页<span class="count">（1）</span>' in html
    assert "栏目<span" not in html and "（0）" not in html
    chosen = html_of(client.get("/search/", {"q": "年报", "kind": "section"}))
    assert 'aria-current="true">栏目<span class="count">（0）</span>' in chosen


def test_counts_above_the_cap_read_as_plus(client, make_searchable_page, monkeypatch):
    monkeypatch.setattr(engine, "COUNT_CAP", 2)
    for n in range(4):
        make_searchable_page(title=f"开发区年报{n}", slug=f"p{n}")
    assert "找到约 <strong>2+</strong> 条" in html_of(client.get("/search/", {"q": "年报"}))


def test_the_pager_offers_only_the_pages_the_ranked_candidates_fill(
    client, make_searchable_page, monkeypatch
):
    # Only the newest CANDIDATES matches of a kind are ranked: 30 matches, 25 ranked,
    # so two pages (20 + 5), the count read as "25+", and no third page.
    monkeypatch.setattr(engine, "CANDIDATES", 25)
    monkeypatch.setattr(engine, "COUNT_CAP", 25)
    for n in range(30):
        make_searchable_page(title=f"开发区年报第{n}期", slug=f"p{n}", days_ago=n)
    html = html_of(client.get("/search/", {"q": "年报"}))
    assert "找到约 <strong>25+</strong> 条" in html and "第 1/2 页" in html
    second = client.get("/search/", {"q": "年报", "page": "2"})
    assert second.status_code == 200 and html_of(second).count('class="search-hit"') == 5
    assert "第24期" in html_of(second) and "第25期" not in html_of(second)  # 25th newest
    assert client.get("/search/", {"q": "年报", "page": "3"}).status_code == 404


def test_pagination_keeps_query_and_bad_pages_are_404(client, make_searchable_page):
    for n in range(25):
        make_searchable_page(title=f"开发区年报第{n}期", slug=f"p{n}", days_ago=n)
    html = html_of(client.get("/search/", {"q": "年报"}))
    assert "q=%E5%B9%B4%E6%8A%A5&amp;page=2" in html
    second = client.get("/search/", {"q": "年报", "page": "2"})
    assert second.status_code == 200 and html_of(second).count('class="search-hit"') == 5
    assert client.get("/search/", {"q": "年报", "page": "3"}).status_code == 404
    mistyped = client.get("/search/", {"q": "年报", "page": "abc"})  # page 1
    assert mistyped.status_code == 200 and html_of(mistyped).count('class="search-hit"') == 20


@pytest.mark.parametrize(
    ("q", "message"),
    [
        ("", "请输入要搜索的词语"),
        ("   ", "请输入要搜索的词语"),
        ("！？。，、……", "没有可以搜索的文字"),
        ("&|!():*<->", "没有可以搜索的文字"),
        ("不存在的词语组合", "没有找到与“不存在的词语组合”相关的内容"),
    ],
)
def test_empty_punctuation_and_no_result_queries_get_clear_messages(client, q, message):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert message in html_of(response)


def test_no_results_suggests_shorter_words(client, make_searchable_page):
    make_searchable_page(title="开发区简介", slug="p")
    html = html_of(client.get("/search/", {"q": "温州经济技术开发区"}))
    assert "试试更短的词" in html and 'href="/search/?q=%E5%BC%80%E5%8F%91%E5%8C%BA"' in html


@pytest.mark.parametrize(
    "q",
    [
        "协会" * 5000,
        "' OR 1=1; DROP TABLE portal_page; --",
        "a & b | !c (d) :* <-> <2> e'f\\",
        "😀🎉 开发区 🚀",
        "开发\x00区",
        "ＡＢＣ１２３　開發區",
        "\\\\\\''''",
        "<script>alert(1)</script>",
    ],
)
def test_hostile_queries_never_fail(client, make_searchable_page, q):
    make_searchable_page(title="开发区协会", slug="p")
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in html_of(response)


def test_very_long_query_is_truncated_with_a_notice(client):
    response = client.get("/search/", {"q": "协会" * 5000})
    assert f"只按前 {MAX_QUERY_CHARS} 个字搜索" in html_of(response)


def test_reader_text_is_escaped_in_every_echo(client):
    html = html_of(client.get("/search/", {"q": '"><img src=x>协会'}))
    assert "<img src=x>" not in html
    assert "&lt;img src=x&gt;" in html


@pytest.mark.parametrize("rows", [10, 200])
def test_search_page_query_count_is_fixed(client, django_assert_max_num_queries, rows):
    pages = []
    for n in range(rows):
        page = Page(title=f"开发区年报{n}", slug=f"p{n}", body="<p>协会年报正文。</p>")
        page.search_vector = page.compute_search_vector()
        pages.append(page)
    Page.objects.bulk_create(pages)
    client.get("/search/", {"q": "年报"})  # warms the site-settings and nav caches
    with django_assert_max_num_queries(3):
        response = client.get("/search/", {"q": "年报"})
    assert response.status_code == 200
    assert html_of(response).count('class="search-hit"') == min(rows, 20)


def test_each_page_lists_the_ranking_slice_and_counts_of_one_statement(
    client, make_article, make_searchable_page
):
    """The view ranks its page in the statement that counts; ranking each slice on its
    own (RankedResults without a slice already ranked) must list the same hits."""
    for n in range(14):
        make_article(
            title=f"园区年报第{n}号" if n % 3 else f"第{n}号通讯",
            body=f"<p>{'年报' * (n % 4 + 1)}正文{n}</p>",
            hours_ago=n + 1,
        )
    for n in range(12):
        title = f"年报{n}" if n % 2 else f"页面{n}"
        make_searchable_page(title=title, slug=f"p{n}", days_ago=n, body=f"<p>年报说明{n}</p>")
    shown = [hits_of(client.get("/search/", {"q": "年报", "page": p})) for p in ("1", "2")]
    filters = search.SearchFilters()
    ranked = search.RankedResults(
        search.parse_query("年报"), search.kinds_for(filters), filters, 26
    )
    assert shown[0] == [hit.url for hit in ranked[0:20]] and len(shown[0]) == 20
    assert shown[1] == [hit.url for hit in ranked[20:26]] and len(shown[1]) == 6
    html = html_of(client.get("/search/", {"q": "年报"}))
    assert "找到约 <strong>26</strong> 条" in html
    assert '资讯<span class="count">（14）</span>' in html
    assert '单页<span class="count">（12）</span>' in html
