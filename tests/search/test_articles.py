"""Articles and notices in site search: visibility, sections, ranking, write paths."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from tests.search.conftest import hits_of

pytestmark = pytest.mark.django_db


def test_two_character_word_inside_a_compound_finds_the_article_with_its_section(
    client, make_article
):
    article = make_article(
        title="温州经济技术开发区获评示范园区", body="<p>园区推行一站式服务。</p>"
    )
    make_article(title="无关的消息", body="<p>别的内容。</p>")
    response = client.get("/search/", {"q": "开发"})
    html = response.content.decode()
    assert hits_of(response) == [article.get_absolute_url()]
    assert "温州经济技术<mark>开发</mark>区获评示范园区" in html
    assert '<span class="badge badge-kind">资讯</span>' in html
    assert '<p class="search-hit-meta"><span>国家级开发区动态</span>' in html


def test_subtitle_summary_source_and_author_are_searched(client, make_article):
    by_subtitle = make_article(title="年度观察", subtitle="霍尔果斯口岸新貌")
    by_source = make_article(title="要闻", source="温州日报")
    by_author = make_article(title="专访", author="欧阳明远")
    by_summary = make_article(title="简讯", summary="量子信息产业园开工")
    for q, article in [
        ("霍尔果斯", by_subtitle),
        ("温州日报", by_source),
        ("欧阳明远", by_author),
        ("量子信息", by_summary),
    ]:
        assert hits_of(client.get("/search/", {"q": q})) == [article.get_absolute_url()], q


def test_drafts_scheduled_and_expired_articles_never_appear(client, make_article):
    now = timezone.now()
    make_article(title="综保区草稿", status=Article.Status.DRAFT)
    make_article(title="综保区定时", publish_at=now + datetime.timedelta(hours=2))
    make_article(
        title="综保区下线",
        publish_at=now - datetime.timedelta(days=3),
        unpublish_at=now - datetime.timedelta(minutes=1),
    )
    response = client.get("/search/", {"q": "综保区"})
    assert hits_of(response) == []
    assert "没有找到与“综保区”相关的内容" in response.content.decode()


def test_notices_are_found_by_the_notices_section_filter_and_named_in_the_meta_line(
    client, make_article
):
    notice = make_article(title="关于缴纳年度会费的通知", section="notices")
    news = make_article(title="会费标准调整的通知解读", section="national")
    both = hits_of(client.get("/search/", {"q": "通知"}))
    assert set(both) == {notice.get_absolute_url(), news.get_absolute_url()}
    response = client.get("/search/", {"q": "通知", "section": "notices"})
    assert hits_of(response) == [notice.get_absolute_url()]
    html = response.content.decode()
    assert '<p class="search-hit-meta"><span>通知公告</span>' in html
    assert '<option value="notices" selected>通知公告</option>' in html


def test_a_top_level_section_filter_includes_its_sub_sections(client, make_article):
    national = make_article(title="国家级经开区考核结果", section="national")
    local = make_article(title="地方经开区招商动态", section="local")
    notice = make_article(title="经开区座谈会通知", section="notices")
    in_news = hits_of(client.get("/search/", {"q": "经开区", "section": "news"}))
    assert set(in_news) == {national.get_absolute_url(), local.get_absolute_url()}
    assert notice.get_absolute_url() not in in_news
    in_local = hits_of(client.get("/search/", {"q": "经开区", "section": "local-news"}))
    assert in_local == [local.get_absolute_url()]


def test_section_filter_lists_list_sections_as_a_tree_and_hides_other_kinds(
    client, make_article, make_zone, news_sections
):
    from news.models import Section

    Section.objects.create(
        name="协会简介", slug="about", kind=Section.Kind.PAGE, body="<p>协会</p>"
    )
    make_article(title="协会动态")
    make_zone(name="协会路开发区")
    response = client.get("/search/", {"q": "协会", "section": "news"})
    html = response.content.decode()
    assert '<option value="news" selected>资讯中心</option>' in html
    assert '<option value="national-zones">\u3000国家级开发区动态</option>' in html
    assert 'value="about"' not in html  # a single page is not a list to filter by
    assert all(url.startswith("/articles/") for url in hits_of(response))


def test_unknown_section_is_ignored_with_a_message(client, make_article):
    article = make_article(title="高新区年报")
    response = client.get("/search/", {"q": "高新区", "section": "no-such-section"})
    assert response.status_code == 200
    assert "没有这个栏目" in response.content.decode()
    assert hits_of(response) == [article.get_absolute_url()]


def test_title_match_ranks_above_body_match_then_newest_first(client, make_article):
    in_body = make_article(title="年度报告", body="<p>营商环境持续优化。</p>", hours_ago=1)
    old_title = make_article(title="营商环境观察", hours_ago=24 * 300)
    new_title = make_article(title="营商环境评估", hours_ago=2)
    assert hits_of(client.get("/search/", {"q": "营商环境"})) == [
        new_title.get_absolute_url(),
        old_title.get_absolute_url(),
        in_body.get_absolute_url(),
    ]


def test_editing_an_article_updates_its_index_in_the_same_save(client, make_article):
    article = make_article(title="旧的标题")
    article.title = "综合保税区建设"
    article.body = "<p>跨境电商业务。</p>"
    article.save()
    assert hits_of(client.get("/search/", {"q": "综合保税区"})) == [article.get_absolute_url()]
    assert hits_of(client.get("/search/", {"q": "跨境电商"})) == [article.get_absolute_url()]
    assert hits_of(client.get("/search/", {"q": "旧的标题"})) == []


def test_admin_add_indexes_and_bulk_publish_and_move_keep_articles_findable(
    client, publisher, news_sections
):
    """Drafts are indexed when saved; bulk actions change only status and section,
    which are filters, not indexed text, so no re-index is needed."""
    client.force_login(publisher)
    now = timezone.localtime()
    form = {
        "title": "高新区人才新政出台",
        "subtitle": "",
        "section": news_sections["national"].pk,
        "source": "本站",
        "author": "",
        "summary": "",
        "body": "<p>面向青年科技人才的安居政策。</p>",
        "status": "draft",
        "publish_at_0": now.strftime("%Y-%m-%d"),
        "publish_at_1": (now - datetime.timedelta(minutes=5)).strftime("%H:%M:%S"),
        "unpublish_at_0": "",
        "unpublish_at_1": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    response = client.post(reverse("admin:news_article_add"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(title="高新区人才新政出台")
    client.logout()
    assert hits_of(client.get("/search/", {"q": "人才"})) == []  # a draft

    client.force_login(publisher)
    changelist = reverse("admin:news_article_changelist")
    client.post(changelist, {"action": "publish", "_selected_action": [article.pk]})
    client.post(
        changelist,
        {
            "action": "move_section",
            "_selected_action": [article.pk],
            "section": news_sections["local"].pk,
        },
    )
    client.logout()
    url = article.get_absolute_url()
    assert hits_of(client.get("/search/", {"q": "人才"})) == [url]
    assert hits_of(client.get("/search/", {"q": "安居", "section": "local-news"})) == [url]
    assert hits_of(client.get("/search/", {"q": "安居", "section": "national-zones"})) == []
