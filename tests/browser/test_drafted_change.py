"""In Chromium: a 编辑 drafts a change to a live article while readers keep the live
text until a publisher publishes it; the 编辑 sees the waiting article's body rendered;
a publisher returns an article with the note asked for in a dialog beside the button.
Screenshots go to $SCREENSHOTS (if set)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.models import Article, Section
from tests.browser.test_revisions import shot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def live_article(editor):
    section = Section.objects.create(name="协会动态", slug="association")
    return Article.objects.create(
        title="协会召开年度理事会",
        section=section,
        body="<p>会议审议了年度工作报告。</p>",
        status=Article.Status.PUBLISHED,
        publish_at=timezone.now() - timedelta(days=1),
        created_by=editor,
    )


def new_page(browser, live_server, width):
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="zh-CN", base_url=live_server.url
    )
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.mark.parametrize("width", [390, 1280])
def test_editor_drafts_a_change_readers_keep_the_live_title_until_published(
    browser, live_server, editor, publisher, admin_login, live_article, assert_accessible, width
):
    article = live_article
    context, page = new_page(browser, live_server, width)
    admin_login(page, "editor")
    page.goto(f"/admin/news/article/{article.pk}/change/")
    # read-only, with the body rendered rather than its HTML
    expect(page.locator(".field-body_rendered p")).to_have_text("会议审议了年度工作报告。")
    page.get_by_role("link", name="起草修改").click()
    page.locator("#id_title").fill("协会召开第五届理事会第三次会议")
    assert_accessible(page)
    shot(page, f"drafted-change-{width}.png")
    page.get_by_role("button", name="保存修改稿并提交审核").click()
    expect(page.locator(".messagelist")).to_contain_text("已保存修改稿并提交审核")
    expect(page.locator(".revision-pending")).to_contain_text("起草了修改稿")

    reader_context, reader = new_page(browser, live_server, width)
    reader.goto(f"/articles/{article.pk}/")
    expect(reader.locator("h1")).to_have_text("协会召开年度理事会")

    boss_context, boss = new_page(browser, live_server, width)
    admin_login(boss, "publisher")
    boss.get_by_role("link", name="待发布的修改稿").first.click()
    boss.get_by_role("link", name="协会召开年度理事会").click()
    boss.get_by_role("link", name="查看、发布或放弃").click()
    boss.get_by_role("button", name="发布修改稿").click()
    expect(boss.locator(".messagelist")).to_contain_text("已发布修改稿")
    reader.goto(f"/articles/{article.pk}/")
    expect(reader.locator("h1")).to_have_text("协会召开第五届理事会第三次会议")
    for c in (context, reader_context, boss_context):
        c.close()


def test_return_asks_for_its_note_in_a_dialog_and_says_returned(
    browser, live_server, publisher, admin_login, live_article, assert_accessible
):
    Article.objects.filter(pk=live_article.pk).update(status=Article.Status.REVIEW)
    context, page = new_page(browser, live_server, 1280)
    admin_login(page, "publisher")
    page.goto(f"/admin/news/article/{live_article.pk}/change/")
    page.get_by_role("button", name="退回修改").first.click()
    dialog = page.get_by_role("dialog", name="退回修改")
    expect(dialog).to_be_visible()
    dialog.get_by_label("退回意见").fill("请补充会议日期。")
    assert_accessible(page)
    shot(page, "return-dialog-1280.png")
    dialog.get_by_role("button", name="确认退回").click()
    expect(page.locator(".messagelist")).to_contain_text("已退回修改")
    live_article.refresh_from_db()
    assert live_article.status == Article.Status.DRAFT
    assert live_article.review_note == "请补充会议日期。"
    context.close()
