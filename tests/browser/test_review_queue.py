"""The review queue in Chromium: a 编辑 writes and submits, the publisher sees the count
in the 状态 filter, returns it with a note, the writer reads the note, edits and submits
again, the publisher presses 通过并发布 and the article goes live dated at that moment.
axe runs on each admin page visited."""

from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Article, Section

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def section(db):
    return Section.objects.create(name="协会动态", slug="association", show_on_home=True)


def test_the_review_queue_from_draft_to_published(
    page, staff_page, editor, publisher, section, admin_login, assert_accessible
):
    writer, boss = page, staff_page
    # 编辑 writes a draft dated three days ago (it was started then) and submits it.
    admin_login(writer, "editor")
    writer.goto(f"/admin/news/article/add/?section={section.pk}")
    assert_accessible(writer)
    writer.fill("#id_title", "协会召开年度工作会议")
    editable = writer.locator(".ck-editor__editable").first
    editable.click()
    writer.keyboard.type("会议总结了全年工作。")
    started = timezone.localtime() - timedelta(days=3)
    writer.fill("#id_publish_at_0", started.strftime("%Y-%m-%d"))
    writer.locator("input[name=_submit_review]").first.click()
    writer.wait_for_url("**/admin/news/article/")
    assert "已提交审核" in writer.locator(".messagelist").inner_text()
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW and article.created_by == editor

    # The publisher sees it waiting, with the count, and returns it with a note.
    admin_login(boss, "publisher")
    boss.goto("/admin/news/article/")
    waiting = boss.get_by_role("link", name="待审核 (1)")
    waiting.click()
    boss.wait_for_url("**status__exact=review**")
    assert_accessible(boss)
    boss.get_by_role("link", name="协会召开年度工作会议").click()
    # 退回修改 opens a dialog beside the button that holds the note and 确认退回.
    boss.locator("input[name=_return]").first.click()
    dialog = boss.get_by_role("dialog", name="退回修改")
    dialog.locator("#id_review_note").fill("请补充参会单位数量。")
    assert_accessible(boss)
    dialog.get_by_role("button", name="确认退回").click()
    boss.wait_for_url("**/admin/news/article/**")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT

    # The writer finds it among their returned articles, reads the note, edits, resubmits.
    writer.goto("/admin/news/article/")
    writer.get_by_role("link", name="我被退回的").click()
    assert_accessible(writer)
    writer.get_by_role("link", name="协会召开年度工作会议").click()
    assert "请补充参会单位数量。" in writer.locator(".field-review_note").inner_text()
    assert_accessible(writer)
    writer.locator(".ck-editor__editable").first.click()
    writer.keyboard.press("End")
    writer.keyboard.type("共有八十家会员单位参会。")
    writer.locator("input[name=_submit_review]").first.click()
    writer.wait_for_url("**/admin/news/article/**")
    article.refresh_from_db()
    assert article.status == Article.Status.REVIEW and "八十家" in article.body

    # 通过并发布: live at once, dated the moment of publishing, the note gone.
    boss.goto("/admin/news/article/?status__exact=review")
    boss.get_by_role("link", name="协会召开年度工作会议").click()
    pressed = timezone.now()
    boss.locator("input[name=_approve]").first.click()
    boss.wait_for_url("**/admin/news/article/**")
    assert "改为发布的此刻" in boss.locator(".messagelist").inner_text()
    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED and article.is_visible
    assert article.publish_at >= pressed - timedelta(seconds=1)
    assert article.review_note == ""
    boss.goto("/news/association/")
    assert boss.get_by_role("link", name="协会召开年度工作会议").is_visible()


def test_the_article_list_and_section_tree_are_usable_on_a_phone(
    phone_page, superuser, section, admin_login, assert_accessible
):
    Section.objects.create(name="地方动态", slug="local", parent=section)
    for n in range(3):
        Article.objects.create(title=f"开发区招商引资新闻第{n}篇", section=section)
    admin_login(phone_page, "boss")
    phone_page.goto("/admin/news/article/")
    title = phone_page.locator("#result_list .field-title").first
    assert title.bounding_box()["width"] > 150  # not one character a line
    assert_accessible(phone_page)
    phone_page.goto("/admin/news/section/")
    child = phone_page.locator(".tree-depth-1", has_text="地方动态")
    assert child.is_visible()
    assert_accessible(phone_page)
