"""Pictures for phones, seen from a real browser: a phone (390 px wide, 2 device pixels
per CSS pixel) downloads covers no wider than 800 px, a desktop the wider files; every
page links a favicon that answers, and no request of a page answers 404."""

import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from events.models import Event
from news.models import Article, Section

pytestmark = pytest.mark.django_db(transaction=True)


def jpeg(size) -> ContentFile:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 90, 150)).save(out, "JPEG")
    return ContentFile(out.getvalue(), name="cover.jpg")


@pytest.fixture
def pages():
    now = timezone.now()
    section = Section.objects.create(name="园区动态", slug="parks")
    article = Article.objects.create(
        title="开发区建设新进展",
        section=section,
        body="<p>正文。</p>",
        status=Article.Status.PUBLISHED,
        publish_at=now - timedelta(hours=1),
        is_slide=True,
        cover=jpeg((2400, 1000)),
    )
    event = Event.objects.create(
        title="园区招商引资培训班",
        summary="培训。",
        body="<p>议程另行通知。</p>",
        place="北京",
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=8),
        registration_opens_at=now - timedelta(days=1),
        registration_closes_at=now + timedelta(days=6),
        capacity=30,
        status=Event.Status.PUBLISHED,
        publish_at=now - timedelta(days=1),
        cover=jpeg((2400, 1200)),
    )
    return ["/", "/news/", f"/articles/{article.pk}/", f"/events/{event.pk}/"]


def downloaded_pictures(browser, base_url, paths, *, viewport, scale) -> dict[str, int]:
    """Each /media/ picture the pages downloaded, with its width in pixels; fails on any
    response of 400 or more."""
    context = browser.new_context(
        viewport=viewport, device_scale_factor=scale, base_url=base_url, locale="zh-CN"
    )
    widths, failed = {}, []

    def seen(response):
        if response.status >= 400:
            failed.append((response.status, response.url))
        elif "/media/" in response.url and response.request.resource_type == "image":
            with Image.open(io.BytesIO(response.body())) as image:
                widths[response.url] = image.width

    page = context.new_page()
    page.on("response", seen)
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        # every picture has arrived (loaded lazily ones are scrolled to)
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_function(
            "[...document.images].every((img) => img.loading === 'lazy' || img.complete)"
        )
        page.wait_for_load_state("networkidle")
    context.close()
    assert not failed
    return widths


def test_a_phone_downloads_covers_no_wider_than_800_px(browser, live_server, pages):
    widths = downloaded_pictures(
        browser, live_server.url, pages, viewport={"width": 390, "height": 844}, scale=2
    )
    assert any(url.endswith(".webp") for url in widths), widths  # the slide and the event
    assert widths and max(widths.values()) <= 800, widths


def test_a_desktop_downloads_the_wider_files(browser, live_server, pages):
    widths = downloaded_pictures(
        browser, live_server.url, pages, viewport={"width": 1280, "height": 900}, scale=1
    )
    assert max(widths.values()) == 1200, widths  # the event cover, 860 px wide


def test_every_page_links_a_favicon_that_answers(page, live_server, pages):
    for path in pages:
        page.goto(path)
        icons = page.eval_on_selector_all(
            "link[rel~=icon], link[rel=apple-touch-icon]", "(links) => links.map((l) => l.href)"
        )
        assert len(icons) == 3
        for url in icons:
            response = page.request.get(url)
            assert response.status == 200 and response.headers["content-type"].startswith("image/")
    response = page.request.get("/favicon.ico")
    assert response.status == 200 and response.headers["content-type"] == "image/x-icon"
