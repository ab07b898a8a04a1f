"""Small things a reader notices: 返回顶部 on a long phone page, a printout that says
where it came from, phone numbers that call, the phone's own share sheet, and a home
page without a half-empty row."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo import news as news_demo
from news.models import Article
from portal.models import SiteSettings

pytestmark = pytest.mark.django_db(transaction=True)

SHARE_RECORDER = """
window.__shared = [];
Object.defineProperty(navigator, "share", {
  configurable: true,
  value: (data) => { window.__shared.push(data); return Promise.resolve(); },
});
"""


@pytest.fixture
def demo(live_server):
    # Only the news demo: the test must not depend on what other apps load.
    call_command("init_site", stdout=io.StringIO())
    news_demo.load(io.StringIO())
    site = SiteSettings.load()
    site.contact_phone = "010-6851 2345、13800138000"
    site.save()


def test_back_to_top_appears_down_a_long_phone_page_and_goes_back_up(phone_page, demo):
    page = phone_page
    page.goto("/")
    button = page.get_by_role("link", name="返回顶部")
    expect(button).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollHeight") > 3 * 844
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844
    button.click()
    page.wait_for_function("window.scrollY === 0")
    expect(button).to_be_hidden()


def test_a_printout_names_the_site_and_the_page_address(page, demo, live_server):
    article = Article.objects.published().first()
    page.goto(article.get_absolute_url() + "?utm_source=chat")
    source = page.locator(".print-source")
    expect(source).to_be_hidden()
    page.emulate_media(media="print")
    expect(source).to_be_visible()
    # The page's own address, without parameters the page does not read.
    assert source.inner_text() == (
        f"{SiteSettings.load().site_name}　http://testserver{article.get_absolute_url()}"
    )
    assert source.bounding_box()["y"] < 100  # at the top of the first sheet
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("link", name="返回顶部")).to_be_hidden()


def test_the_associations_phone_numbers_call_with_one_tap(phone_page, demo):
    phone_page.goto("/")
    footer = phone_page.locator(".footer-contact")
    landline = footer.get_by_role("link", name="010-6851 2345")
    assert landline.get_attribute("href") == "tel:01068512345"
    mobile = footer.get_by_role("link", name="13800138000")
    assert mobile.get_attribute("href") == "tel:13800138000"
    assert "电话：010-6851 2345、13800138000" in footer.inner_text()


def test_sharing_on_a_phone_opens_the_share_sheet_and_a_desktop_shows_the_qr_code(
    browser, live_server, page, demo
):
    article = Article.objects.published().first()
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        base_url=live_server.url,
        is_mobile=True,
        has_touch=True,
    )
    phone = context.new_page()
    phone.add_init_script(SHARE_RECORDER)
    phone.goto(article.get_absolute_url())
    phone.locator(".share").get_by_role("button", name="微信").click()
    shared = phone.evaluate("window.__shared")
    assert shared == [
        {"title": phone.title(), "url": f"http://testserver{article.get_absolute_url()}"}
    ]
    expect(phone.locator("#share-wechat")).to_be_hidden()
    context.close()

    # A desktop (a mouse, no share sheet worth using) keeps the QR code to scan.
    page.add_init_script(SHARE_RECORDER)
    page.goto(article.get_absolute_url())
    page.locator(".share").get_by_role("button", name="微信").click()
    expect(page.locator("#share-wechat .share-qr")).to_be_visible()
    assert page.evaluate("window.__shared") == []


def test_the_desktop_home_page_leaves_no_half_empty_row(page, demo):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/")
    blocks = page.locator(".home-blocks > .panel")
    n = blocks.count()
    assert n % 2 == 1, "the demo has an odd number of home blocks"
    grid = page.locator(".home-blocks").bounding_box()
    last = blocks.nth(n - 1).bounding_box()
    assert abs(last["width"] - grid["width"]) < 1
    first = blocks.nth(0).bounding_box()
    assert first["width"] < grid["width"] / 2  # the others still pair up
