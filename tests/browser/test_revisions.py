"""An editor opens an article's history, views the diff and restores a version, at phone
and desktop widths; the pages are axe-clean. Screenshots go to $SCREENSHOTS (if set)."""

import os
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from editorial import revisions
from news.models import Article, Section

pytestmark = pytest.mark.django_db(transaction=True)

DRAFTS = [
    "<p>开发区今年引进项目三十个，总投资一百亿元。园区环境持续改善。</p>",
    "<p>开发区今年引进项目四十个，总投资一百二十亿元。园区环境持续改善。</p>",
    "<p>开发区今年引进项目四十个，总投资一百二十亿元。园区环境持续改善。"
    "新增就业岗位五千个，其中高校毕业生占三成。</p>",
]


def shot(page, name):
    folder = os.environ.get("SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / name), full_page=True)


@pytest.fixture
def article_with_versions(editor):
    section = Section.objects.create(name="国家级开发区动态", slug="national")
    article = Article(
        title="开发区年度发展报告",
        section=section,
        body=DRAFTS[0],
        summary="年度报告摘要",
        status=Article.Status.DRAFT,
        publish_at=timezone.now() - timedelta(days=1),
        created_by=editor,
        updated_by=editor,
    )
    article.save()
    for body in DRAFTS[1:]:
        article.body = body
        article.save()
    return article


@pytest.mark.parametrize("width", [390, 1280])
def test_editor_opens_history_views_the_diff_and_restores_a_version(
    browser, live_server, editor, admin_login, article_with_versions, assert_accessible, width
):
    article = article_with_versions
    context = browser.new_context(
        viewport={"width": width, "height": 900}, locale="zh-CN", base_url=live_server.url
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    admin_login(page, "editor")
    page.goto(f"/admin/news/article/{article.pk}/change/")
    page.get_by_role("link", name="历史").click()
    page.wait_for_url(f"**/admin/news/article/{article.pk}/history/")
    expect(page.locator(".revision")).to_have_count(3)
    expect(page.locator(".revision").first).to_contain_text("editor")
    assert_accessible(page)
    shot(page, f"revisions-history-{width}.png")

    # the newest version's changes: the added sentence, highlighted
    page.locator(".revision").first.get_by_role("link", name="查看改动").click()
    expect(page.locator(".row-added ins")).to_contain_text("新增就业岗位五千个")
    # the second version against the first: the changed characters inside the sentence
    page.goto(f"/admin/news/article/{article.pk}/history/")
    page.locator(".revision").nth(1).get_by_role("link", name="查看改动").click()
    expect(page.locator(".row-changed .diff-old del").first).to_have_text("三")
    expect(page.locator(".row-changed .diff-new ins").first).to_have_text("四")
    no_overflow = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert no_overflow, "the comparison is wider than the screen"
    assert_accessible(page)
    shot(page, f"revisions-compare-{width}.png")

    # restore the first version from its comparison with the current text
    page.goto(f"/admin/news/article/{article.pk}/history/")
    page.locator(".revision").nth(2).get_by_role("link", name="与当前比较").click()
    page.get_by_role("button", name="恢复为草稿").click()
    page.wait_for_url(f"**/admin/news/article/{article.pk}/history/")
    expect(page.locator(".messagelist")).to_contain_text("已恢复为")
    expect(page.locator(".revision")).to_have_count(4)
    article.refresh_from_db()
    assert article.body == DRAFTS[0] and article.status == Article.Status.DRAFT
    assert revisions.versions(article).first().history_user == editor
    context.close()


def test_a_restore_over_a_live_article_waits_for_the_publisher(
    browser, live_server, editor, publisher, admin_login, article_with_versions, assert_accessible
):
    article = article_with_versions
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    first = revisions.versions(article).last()
    revisions.restore(Article.objects.get(pk=article.pk), first, editor, frozen=lambda row: True)

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", base_url=live_server.url
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    admin_login(page, "publisher")
    page.goto(f"/admin/news/article/{article.pk}/change/")
    expect(page.locator(".messagelist")).to_contain_text("待发布的恢复版本")
    page.get_by_role("link", name="查看、发布或放弃").click()
    expect(page.locator(".revision-pending")).to_contain_text("editor")
    assert_accessible(page)
    shot(page, "revisions-pending-390.png")
    reader_context = browser.new_context(base_url=live_server.url)
    reader = reader_context.new_page()
    reader.goto(f"/articles/{article.pk}/")
    expect(reader.locator(".article-body")).to_contain_text("新增就业岗位五千个")
    page.get_by_role("button", name="发布这个版本").click()
    expect(page.locator(".messagelist")).to_contain_text("已发布恢复版本")
    reader.goto(f"/articles/{article.pk}/")
    expect(reader.locator(".article-body")).to_contain_text("三十个")
    expect(reader.locator(".article-body")).not_to_contain_text("新增就业岗位五千个")
    reader_context.close()

    # the recycle bin at phone width
    page.goto(f"/admin/news/article/{article.pk}/delete/")
    page.get_by_role("button", name="移入回收站").click()
    page.goto("/admin/news/article/recycle-bin/")
    expect(page.locator(".bin-list .revision")).to_have_count(1)
    assert_accessible(page)
    shot(page, "recycle-bin-390.png")
    page.get_by_role("button", name="恢复").click()
    expect(page.locator(".messagelist")).to_contain_text("已从回收站恢复")
    context.close()
