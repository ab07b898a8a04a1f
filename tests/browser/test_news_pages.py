"""Home, section, article and magazine pages: accessible, and the slider is usable."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from demo import news as news_demo
from news.models import Article, MagazineIssue

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo(live_server):
    # Only this app's demo: the test must not depend on what other apps load.
    call_command("init_site", stdout=io.StringIO())  # what demo.load runs first
    news_demo.load(io.StringIO())


def test_news_pages_pass_axe_on_desktop_and_phone(page, phone_page, demo, assert_accessible):
    article = Article.objects.published().filter(attachments__isnull=False).first()
    issue = MagazineIssue.objects.published().first()
    urls = [
        "/",
        "/news/",
        "/news/national/",
        article.get_absolute_url(),
        "/magazine/",
        issue.get_absolute_url(),
    ]
    for url in urls:
        page.goto(url)
        assert page.locator("h1").count() == 1, url
        assert_accessible(page)
    for url in ("/", article.get_absolute_url()):
        phone_page.goto(url)
        assert_accessible(phone_page)


def test_slider_buttons_keys_and_pause(page, demo):
    page.goto("/")
    slides = page.locator(".slide")
    assert slides.count() > 1
    expect(slides.nth(0)).to_be_visible()
    page.get_by_role("button", name="下一张").click()
    expect(slides.nth(1)).to_be_visible()
    expect(slides.nth(0)).to_be_hidden()
    page.keyboard.press("ArrowLeft")
    expect(slides.nth(0)).to_be_visible()
    pause = page.locator("[data-slider-pause]")
    pause.click()
    expect(pause).to_have_attribute("aria-pressed", "true")
    expect(pause).to_have_text("播放")


def test_elder_mode_stops_the_slider(page, demo):
    page.goto("/")
    page.locator("[data-elder-toggle]").first.click()
    expect(page.locator("html")).to_have_class(re.compile(r"\belder\b"))
    pause = page.locator("[data-slider-pause]")
    expect(pause).to_have_attribute("aria-pressed", "true")
    # no timer is pending while 适老化 mode is on: advancing the clock changes nothing
    page.clock.install()
    page.reload()
    page.clock.run_for(20_000)
    expect(page.locator(".slide").nth(0)).to_be_visible()


def test_slider_advances_by_itself_in_normal_mode(page, demo):
    page.clock.install()
    page.goto("/")
    expect(page.locator(".slide").nth(0)).to_be_visible()
    page.clock.run_for(7_000)
    expect(page.locator(".slide").nth(1)).to_be_visible()


def test_n_page_views_in_a_browser_add_exactly_n_and_each_shows_the_new_count(page):
    from django.utils import timezone

    from news.models import Section

    section = Section.objects.create(name="协会动态", slug="association")
    article = Article.objects.create(
        title="浏览器点击量",
        section=section,
        body="<p>正文。</p>",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timezone.timedelta(hours=1),
        view_count=500,
    )
    shown = []
    for _ in range(5):
        with page.expect_response(lambda r: r.url.endswith(f"/articles/{article.pk}/views/")):
            page.goto(article.get_absolute_url())
        counter = page.locator(".view-count")
        expected = str(500 + len(shown) + 1)
        page.wait_for_function(
            "n => document.querySelector('.view-count').textContent === n", arg=expected
        )
        shown.append(counter.text_content())
    assert shown == ["501", "502", "503", "504", "505"]
    article.refresh_from_db()
    assert article.view_count == 505
