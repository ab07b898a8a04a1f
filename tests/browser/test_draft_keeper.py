"""An editor's session expires while they write a long article in CKEditor: the save sends
them to the login page, and after logging in again the form offers their text back
(static/js/draft-keeper.js, through CKEditor 5's Autosave plugin and localStorage)."""

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from news.models import Article, Section

pytestmark = pytest.mark.django_db(transaction=True)

KEY = "portal-draft:/admin/news/article/{pk}/change/"


def _login_form(page, username="editor", password="pass-for-tests-123"):
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")


def test_text_typed_before_the_session_expired_is_offered_back_after_login(
    page, editor, admin_login
):
    section = Section.objects.create(name="协会动态", slug="association")
    article = Article.objects.create(
        title="园区年度报告", section=section, body="<p>开头。</p>", status=Article.Status.DRAFT
    )
    url = f"/admin/news/article/{article.pk}/change/"
    key = KEY.format(pk=article.pk)
    long_text = "开发区高质量发展年度报告正文第一段。" * 40

    admin_login(page, "editor")
    page.goto(url)
    editable = page.locator(".ck-editor__editable").first
    editable.click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.insert_text(long_text)
    page.keyboard.type("结尾。")
    page.wait_for_function(
        "([key, end]) => (localStorage.getItem(key) || '').includes(end)", arg=[key, "结尾。"]
    )

    Session.objects.all().delete()  # the session expires while they write
    page.locator("input[name=_save]").last.click()
    page.wait_for_url("**/admin/login/**")
    article.refresh_from_db()
    assert "结尾" not in article.body

    _login_form(page)
    page.wait_for_url(f"**{url}")
    offer = page.locator(".draft-offer")
    expect(offer).to_contain_text("尚未保存到网站的内容")
    assert "结尾" not in editable.inner_text()
    offer.get_by_role("button", name="恢复未保存的内容").click()
    expect(offer).to_have_count(0)
    expect(editable).to_contain_text(long_text + "结尾。")

    page.locator("input[name=_save]").last.click()
    page.wait_for_url("**/admin/news/article/")
    article.refresh_from_db()
    assert long_text + "结尾。" in article.body
    # Saved: the kept copy is gone and reopening the form offers nothing.
    assert page.evaluate("key => localStorage.getItem(key)", key) is None
    page.goto(url)
    expect(page.locator(".ck-editor__editable").first).to_contain_text("结尾。")
    expect(page.locator(".draft-offer")).to_have_count(0)


def test_an_editor_can_throw_the_kept_text_away(page, editor, admin_login):
    section = Section.objects.create(name="协会动态", slug="association")
    article = Article.objects.create(
        title="园区年度报告", section=section, body="<p>开头。</p>", status=Article.Status.DRAFT
    )
    url = f"/admin/news/article/{article.pk}/change/"
    key = KEY.format(pk=article.pk)
    admin_login(page, "editor")
    page.goto(url)
    page.evaluate(
        "key => localStorage.setItem(key, JSON.stringify({savedAt: new Date().toISOString(),"
        " fields: {body: '<p>旧的草稿。</p>'}}))",
        key,
    )
    page.goto(url)
    page.locator(".draft-offer").get_by_role("button", name="放弃").click()
    expect(page.locator(".draft-offer")).to_have_count(0)
    assert page.evaluate("key => localStorage.getItem(key)", key) is None
    expect(page.locator(".ck-editor__editable").first).to_contain_text("开头。")
