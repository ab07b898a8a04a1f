"""简/繁 in a real browser: the reader presses 繁體 in the header, reads the site in
traditional characters from page to page, and goes back with 简体."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.models import Article, Section

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def article():
    section = Section.objects.create(name="开发区动态", slug="zones-news", show_in_nav=True)
    return Article.objects.create(
        title="国家级经济技术开发区发展报告发布",
        section=section,
        source="《中国开发区》编辑部",
        body="<p>各地开发区加快转型升级，园区发展质量稳步提高。</p>",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
    )


def test_the_reader_switches_to_traditional_keeps_it_and_switches_back(page, article):
    page.goto(article.get_absolute_url())
    heading = page.locator("h1")
    expect(heading).to_have_text("国家级经济技术开发区发展报告发布")
    page.get_by_role("link", name="繁體").click()
    expect(heading).to_have_text("國家級經濟技術開發區發展報告發布")
    assert page.url.endswith(article.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    expect(page.locator(".article-body")).to_contain_text("各地開發區加快轉型升級")
    # A button's label that the page's script changes is in traditional characters too.
    page.get_by_role("button", name="適老化模式").click()
    expect(page.get_by_role("button", name="退出適老化")).to_be_visible()
    page.get_by_role("button", name="退出適老化").click()
    # Another page: still traditional, without asking again.
    page.get_by_role("navigation", name="主導航").get_by_role("link", name="開發區動態").click()
    expect(page.locator("h1")).to_have_text("開發區動態")
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    page.reload()
    expect(page.locator("h1")).to_have_text("開發區動態")
    # And back to simplified, remembered as well.
    page.get_by_role("link", name="简体").click()
    expect(page.locator("h1")).to_have_text("开发区动态")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    expect(page.get_by_role("link", name="繁體")).to_be_visible()


def test_on_a_phone_the_switch_is_in_the_menu(phone_page, article):
    phone_page.goto(article.get_absolute_url())
    phone_page.get_by_role("button", name="打开菜单").click()
    phone_page.get_by_role("link", name="繁體").click()
    expect(phone_page.locator("h1")).to_have_text("國家級經濟技術開發區發展報告發布")
    phone_page.get_by_role("button", name="打開菜單").click()
    expect(phone_page.get_by_role("button", name="收起菜單")).to_be_visible()
    expect(phone_page.get_by_role("link", name="简体")).to_be_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
