"""An editor writes and publishes an article in CKEditor 5; a reader finds and reads it."""

import re

import pytest
from playwright.sync_api import expect

from news.models import Article, Section

pytestmark = pytest.mark.django_db(transaction=True)


def test_publisher_writes_in_ckeditor_and_reader_reads_it(
    page, browser, live_server, publisher, admin_login, png_bytes, tmp_path
):
    news = Section.objects.create(name="资讯中心", slug="news", show_in_nav=True)
    Section.objects.create(name="国家级开发区动态", slug="national", parent=news, show_on_home=True)

    admin_login(page, "publisher")
    page.goto("/admin/news/article/add/")
    page.fill("#id_title", "开发区数字化转型取得新进展")
    page.fill("#id_source", "协会秘书处")
    # section: the autocomplete (select2) widget
    page.locator("#id_section + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("国家级")
    page.locator(".select2-results__option", has_text="国家级开发区动态").click()

    editable = page.locator(".ck-editor__editable").first
    editable.click()
    page.keyboard.press("Control+B")
    page.keyboard.type("园区全面推行数字化管理")
    page.keyboard.press("Control+B")
    page.keyboard.press("Enter")
    page.locator('.ck-toolbar [data-cke-tooltip-text="插入表格"]').first.click()
    page.locator(".ck-insert-table-dropdown-grid-box").nth(0).click()
    page.keyboard.type("指标")
    image = tmp_path / "photo.png"
    image.write_bytes(png_bytes(size=(160, 100)))
    page.locator(".ck-file-dialog-button input[type=file]").first.set_input_files(str(image))
    page.locator(".ck-editor__editable img").first.wait_for()
    page.select_option("#id_status", "published")
    page.locator("input[name=_save]").last.click()
    page.wait_for_url("**/admin/news/article/")

    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED
    assert "<strong>园区全面推行数字化管理</strong>" in article.body
    assert "<table>" in article.body and '<img src="/media/editor/' in article.body

    reader_context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    reader = reader_context.new_page()
    reader.goto("/")
    reader.get_by_role("link", name="开发区数字化转型取得新进展").first.click()
    reader.wait_for_url(f"**/articles/{article.pk}/")
    reader.goto("/news/national/")
    reader.get_by_role("link", name="开发区数字化转型取得新进展").click()
    expect(reader.locator(".article-meta")).to_contain_text("来源：协会秘书处")
    expect(reader.locator(".article-meta")).to_contain_text("发布时间：")
    expect(reader.locator(".article-meta")).to_contain_text("点击量：2")
    expect(reader.locator(".article-body strong")).to_have_text("园区全面推行数字化管理")
    expect(reader.locator(".article-body table")).to_be_visible()

    reader.get_by_role("button", name="微信", exact=True).click()
    qr = reader.locator(".share-qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")

    reader.locator(".article-tools [data-font-size=lg]").click()
    expect(reader.locator("html")).to_have_class(re.compile(r"\bfs-lg\b"))
    expect(reader.locator(".article-tools [data-font-size=lg]")).to_have_attribute(
        "aria-pressed", "true"
    )
    reader_context.close()


def test_editor_without_publish_right_sees_no_status_choice(page, editor, admin_login):
    Section.objects.create(name="协会动态", slug="association")
    admin_login(page, "editor")
    page.goto("/admin/news/article/add/")
    expect(page.locator("#id_status")).to_have_count(0)
    expect(page.locator(".field-status")).to_contain_text("草稿")
