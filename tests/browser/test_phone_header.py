"""The header on a 390 × 844 phone is one short row in both modes, so an article's text
starts on the first screen even in 适老化 mode; its tools (字号, 适老化, search, the
公众号) fold into the menu and still work there."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.models import Article, Section

pytestmark = pytest.mark.django_db(transaction=True)

MAX_HEADER = 120


@pytest.fixture
def article():
    section = Section.objects.create(name="园区案例", slug="cases", show_in_nav=True)
    return Article.objects.create(
        title="三山经济开发区：以“链长制”稳链强链，集成电路产业链再添新项目",
        section=section,
        source="《中国开发区》编辑部",
        author="刘洋",
        body="<p>记者从三山经济开发区管委会获悉，园区正在加快构建以集成电路为特色的现代产业体系。</p>"
        "<p>园区还注重绿色发展。</p>",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(hours=1),
    )


def _header_height(page) -> float:
    return page.locator(".site-header").bounding_box()["height"]


def _open_menu(page):
    page.get_by_role("button", name="打开菜单").click()


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
def test_the_phone_header_is_short_and_the_article_text_starts_on_the_first_screen(
    phone_page, article, elder
):
    phone_page.goto(article.get_absolute_url())
    if elder:
        _open_menu(phone_page)
        phone_page.get_by_role("button", name="适老化模式").click()
        phone_page.reload()  # the mode is remembered; the menu starts folded again
        expect(phone_page.locator("html")).to_have_class(re.compile(r"\belder\b"))
    assert _header_height(phone_page) <= MAX_HEADER
    first = phone_page.locator(".article-body p").first
    box = first.bounding_box()
    line = first.evaluate("el => parseFloat(getComputedStyle(el).lineHeight)")
    assert box["y"] + 2 * line <= 844  # its first two lines, without scrolling
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_folded_tools_work_from_the_phone_menu(phone_page, article, assert_accessible):
    phone_page.goto(article.get_absolute_url())
    search = phone_page.get_by_role("searchbox", name="站内搜索")
    assert search.is_hidden()
    _open_menu(phone_page)
    assert_accessible(phone_page)  # with the tools unfolded
    body = phone_page.locator(".article-body p").first
    size = body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    phone_page.locator(".a11y-tools").get_by_role("button", name="大", exact=True).click()
    assert body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") > size
    wechat = phone_page.get_by_role("button", name="微信公众号")
    wechat.click()
    assert phone_page.locator("#wechat-pop").is_visible()
    phone_page.keyboard.press("Escape")
    phone_page.get_by_role("button", name="适老化模式").click()
    expect(phone_page.locator("html")).to_have_class(re.compile(r"\belder\b"))
    assert _header_height(phone_page) > MAX_HEADER  # unfolded, the tools take room
    phone_page.get_by_role("button", name="收起菜单").click()
    assert search.is_hidden() and _header_height(phone_page) <= MAX_HEADER
    _open_menu(phone_page)
    search.fill("链长制")
    search.press("Enter")
    phone_page.wait_for_url(re.compile(r"/search/\?q="))
    expect(phone_page.locator("#main")).to_contain_text("稳链强链")
    assert_accessible(phone_page)
