"""A reader searches articles and notices from the header box, narrows the results to
a section and opens an article."""

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def news_with_notices():
    from news.models import Article, Section

    news = Section.objects.create(name="资讯中心", slug="news", order=10)
    national = Section.objects.create(
        name="国家级开发区动态", slug="national-zones", parent=news, order=10
    )
    notices = Section.objects.create(name="通知公告", slug="notices", order=20)
    now = timezone.now()
    rows = [
        (national, "国家级经开区年度考核结果发布", "<p>考核涵盖产业基础和开放合作。</p>", 1),
        (national, "经开区招商引资观察", "<p>多个园区发布年度招商新政。</p>", 2),
        (notices, "关于报送年度统计数据的通知", "<p>请各会员单位按时报送。</p>", 3),
        (notices, "关于召开会员代表大会的通知", "<p>会议将听取年度工作报告。</p>", 4),
    ]
    for section, title, body, hours in rows:
        Article.objects.create(
            title=title,
            section=section,
            body=body,
            source="本站",
            status=Article.Status.PUBLISHED,
            publish_at=now - datetime.timedelta(hours=hours),
        )


def test_reader_searches_articles_filters_by_notices_and_opens_one(
    page, news_with_notices, assert_accessible
):
    page.goto("/")
    box = page.get_by_role("searchbox", name="站内搜索")
    box.fill("年度")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")
    hits = page.locator(".search-hit")
    assert hits.count() == 4
    assert page.locator(".search-hit-title mark").count() == 2  # two titles hold it
    assert page.locator(".search-hit-snippet mark").count() >= 2
    assert page.locator(".search-hit-meta", has_text="通知公告").count() == 2
    assert_accessible(page)

    page.get_by_text("按栏目、日期筛选").click()
    section = page.get_by_label("栏目")
    assert section.locator("option", has_text="国家级开发区动态").count() == 1
    section.select_option(label="通知公告")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**section=notices*")
    assert hits.count() == 2
    assert page.locator(".search-hit-meta", has_text="国家级开发区动态").count() == 0
    assert page.get_by_role("searchbox", name="站内搜索").input_value() == "年度"
    assert_accessible(page)

    link = page.locator(".search-hit-title a").first
    title = link.inner_text()
    assert "通知" in title
    link.click()
    page.wait_for_url("**/articles/*/")
    assert page.get_by_role("heading", level=1).inner_text() == title


def test_article_results_are_accessible_on_a_phone(
    phone_page, news_with_notices, assert_accessible
):
    phone_page.goto("/search/?q=年度&section=news")
    assert phone_page.locator(".search-hit").count() == 2
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone_page)
