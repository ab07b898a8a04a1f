"""The base layout in a real browser: phone and desktop, font size, 适老化, axe."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def about_page(make_page):
    return make_page(
        title="协会简介", slug="about", show_in_nav=True, body="<p>协会是行业性社会组织。</p>"
    )


def test_home_on_desktop_has_header_nav_and_footer(page, about_page, assert_accessible):
    page.goto("/")
    assert page.locator(".brand-name").inner_text() == "中国开发区协会"
    assert (
        page.get_by_role("navigation", name="主导航")
        .get_by_role("link", name="协会简介")
        .is_visible()
    )
    assert page.locator(".nav-toggle").is_hidden()
    assert page.locator(".footer-legal").is_visible()
    assert_accessible(page)


def test_phone_menu_opens_and_closes(phone_page, about_page):
    phone_page.goto("/")
    nav_link = phone_page.get_by_role("navigation", name="主导航").get_by_role(
        "link", name="协会简介"
    )
    assert nav_link.is_hidden()
    phone_page.get_by_role("button", name="打开菜单").click()
    assert nav_link.is_visible()
    phone_page.get_by_role("button", name="收起菜单").click()
    assert nav_link.is_hidden()
    # nothing sticks out sideways on a phone
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390


def test_font_size_switch_changes_text_and_is_remembered(page, about_page):
    page.goto("/pages/about/")
    body = page.locator(".article-body p").first
    medium = body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    page.get_by_role("button", name="大", exact=True).click()
    large = body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
    assert large > medium
    assert page.get_by_role("button", name="大", exact=True).get_attribute("aria-pressed") == "true"
    page.reload()
    assert body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") == large
    page.get_by_role("button", name="小", exact=True).click()
    assert body.evaluate("el => parseFloat(getComputedStyle(el).fontSize)") < medium


def test_elder_mode_enlarges_text_and_passes_axe(page, about_page, assert_accessible):
    page.goto("/pages/about/")
    before = page.locator(".article-body p").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    page.get_by_role("button", name="适老化模式").click()
    assert "elder" in page.evaluate("document.documentElement.className")
    after = page.locator(".article-body p").first.evaluate(
        "el => parseFloat(getComputedStyle(el).fontSize)"
    )
    assert after >= before * 1.25
    page.goto("/")
    assert "elder" in page.evaluate("document.documentElement.className")
    assert page.get_by_role("button", name="退出适老化").get_attribute("aria-pressed") == "true"
    assert_accessible(page)


def test_wechat_popover_opens_with_keyboard_and_escape_closes(page, about_page):
    page.goto("/")
    button = page.get_by_role("button", name="微信公众号")
    button.focus()
    page.keyboard.press("Enter")
    assert page.locator("#wechat-pop").is_visible()
    assert button.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Escape")
    assert page.locator("#wechat-pop").is_hidden()


def test_page_and_404_pass_axe(page, about_page, assert_accessible):
    page.goto("/pages/about/")
    assert page.locator("h1").inner_text() == "协会简介"
    assert_accessible(page)
    response = page.goto("/pages/missing/")
    assert response.status == 404
    assert "页面不存在" in page.locator("h1").inner_text()
    assert_accessible(page)


def test_grayscale_mode_set_by_editors_greys_the_page(page, about_page):
    from portal.models import SiteSettings

    site = SiteSettings.load()
    site.grayscale = True
    site.save()
    page.goto("/")
    assert page.evaluate("getComputedStyle(document.documentElement).filter") == "grayscale(1)"


def test_site_map_passes_axe_on_desktop_and_phone(page, phone_page, about_page, assert_accessible):
    for p in (page, phone_page):
        p.goto("/")
        p.locator(".footer-nav").get_by_role("link", name="网站地图").click()
        assert p.locator("h1").inner_text() == "网站地图"
        assert p.locator("#main").get_by_role("link", name="协会简介").is_visible()
        assert_accessible(p)
