"""An editor starts the day on the dashboard (the admin index), on a phone and a desktop:
the charts draw from the site's own ECharts without CSP refusals, the page is axe-clean,
and 待回复留言 leads to the waiting messages, oldest first."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from news.models import Article, ArticleDailyViews, Section
from submissions.models import Message, new_reference_code

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture
def morning(editor):
    """Messages waiting since 1, 5 and 12 days, an article waiting for review, and a
    month of reads in two sections."""
    now = timezone.now()
    for subject, days in (("会刊订阅咨询", 1), ("入会材料问题", 12), ("活动报名发票", 5)):
        message = Message.objects.create(
            code=new_reference_code(),
            name="读者",
            phone="13900000000",
            subject=subject,
            content="?",
        )
        Message.objects.filter(pk=message.pk).update(created_at=now - timedelta(days=days))
    news = Section.objects.create(name="开发区动态", slug="zone-news", kind=Section.Kind.LIST)
    policy = Section.objects.create(name="政策解读", slug="policy", kind=Section.Kind.LIST)
    articles = [
        Article.objects.create(
            title=f"国家级经开区综合发展水平考核评价结果发布（第{i}篇）",
            section=news if i % 2 else policy,
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(days=40),
        )
        for i in range(1, 13)
    ]
    Article.objects.create(title="待审的稿件", section=news, status=Article.Status.REVIEW)
    today = timezone.localdate()
    ArticleDailyViews.objects.bulk_create(
        ArticleDailyViews(
            article=a,
            section_id=a.section_id,
            day=today - timedelta(days=d),
            views=(i * 7 + d * 3) % 40 + 5,
        )
        for i, a in enumerate(articles)
        for d in range(30)
    )


def no_csp_refusals(page) -> list[str]:
    refused: list[str] = []
    page.on(
        "console",
        lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None,
    )
    return refused


def test_editor_reads_the_dashboard_on_a_phone_and_a_desktop(
    page, phone_page, morning, admin_login, assert_accessible
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    refused = no_csp_refusals(phone_page)
    admin_login(phone_page, "editor")
    phone_page.locator("#reads-per-day-chart svg").wait_for()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone_page.locator("#portal-dashboard").bounding_box()["width"] <= 390
    assert phone_page.locator("#content-main .app-news").count() == 1  # the app list stays
    phone_page.screenshot(path=str(SHOTS / "dashboard-390.png"), full_page=True)
    assert_accessible(phone_page)
    assert refused == []

    page.set_viewport_size({"width": 1280, "height": 900})
    refused = no_csp_refusals(page)
    admin_login(page, "editor")
    page.locator("#reads-per-day-chart svg").wait_for()
    page.locator("#reads-per-section-chart svg").wait_for()
    assert page.locator("#article-queues").get_by_text("待审文章").is_visible()
    page.screenshot(path=str(SHOTS / "dashboard-1280.png"), full_page=True)
    assert_accessible(page)
    assert refused == []

    page.get_by_role("link", name="待回复留言").click()
    page.wait_for_url("**/admin/submissions/message/?*status__exact=pending*")
    subjects = page.locator("#result_list tbody tr .field-subject").all_inner_texts()
    assert subjects == ["入会材料问题", "活动报名发票", "会刊订阅咨询"]
