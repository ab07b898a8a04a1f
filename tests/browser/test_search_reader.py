"""A reader searches from the header box, filters by type and opens a result."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def searchable_pages(make_page):
    make_page(
        title="中国开发区协会简介",
        slug="about",
        summary="协会是全国开发区自愿结成的行业组织。",
        body="<p>协会秘书处负责日常工作，联系各会员单位。</p>",
    )
    make_page(title="入会指南", slug="join", body="<p>申请加入协会的单位请填写申请表。</p>")
    make_page(title="联系我们", slug="contact", body="<p>地址：北京市西城区。</p>")


def test_reader_searches_a_two_character_word_filters_and_opens_a_result(
    page, searchable_pages, assert_accessible
):
    page.goto("/")
    box = page.get_by_role("searchbox", name="站内搜索")
    box.fill("协会")
    box.press("Enter")
    page.wait_for_url("**/search/?q=*")

    results = page.locator(".search-hit")
    assert results.count() == 2
    first_title = page.locator(".search-hit-title a").first
    assert first_title.locator("mark").first.inner_text() == "协会"
    assert page.locator(".search-hit-snippet mark").count() >= 2
    assert page.get_by_role("searchbox", name="站内搜索").input_value() == "协会"
    assert page.get_by_text("找到约 2 条").is_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="按类型筛选").get_by_role("link", name="单页").click()
    page.wait_for_url("**kind=page*")
    assert page.locator(".search-hit").count() == 2

    title = first_title.inner_text()
    first_title.click()
    page.wait_for_url("**/pages/**")
    assert page.get_by_role("heading", level=1).inner_text() == title


def test_results_page_is_usable_and_accessible_on_a_phone(
    phone_page, searchable_pages, assert_accessible
):
    phone_page.goto("/search/?q=协会")
    assert phone_page.locator(".search-hit").count() == 2
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert_accessible(phone_page)
