"""CKEditor keeps what it shows: formatted HTML pasted into the editor is saved and looks
the same on the article page; what the site does not keep is named after the paste; the
editing area's headings look like the page's; 字数 counts characters."""

import pytest
from playwright.sync_api import expect

from news.models import Article, Section

pytestmark = pytest.mark.django_db(transaction=True)

PASTED = (
    "<h2>一、招商成果</h2>"
    '<table><tbody><tr><td style="background-color:#D9E2F3">'
    '<p style="text-align:center"><span style="color:#FF0000;font-size:20pt">重点项目</span>'
    '</p></td><td style="background-color:#FFF2CC">签约额</td></tr></tbody></table>'
    '<p><span style="color:#123456">附注</span></p>'
)

PASTE = """(html) => {
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", "x");
  const editable = document.querySelector(".ck-editor__editable");
  editable.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
}"""


def _style(page, selector, prop):
    return page.locator(selector).first.evaluate(f"e => getComputedStyle(e)['{prop}']")


def test_pasted_formatting_is_saved_and_shown_to_readers(page, publisher, admin_login):
    section = Section.objects.create(name="国家级开发区动态", slug="national")
    draft = Article.objects.create(title="招商成果一览", section=section, body="")
    admin_login(page, "publisher")
    page.goto(f"/admin/news/article/{draft.pk}/change/")

    editable = page.locator(".ck-editor__editable").first
    editable.click()
    page.evaluate(PASTE, PASTED)
    expect(editable.locator("td").first).to_contain_text("重点项目")
    # What saving would drop is named, in Chinese; the rest is kept without a word
    # (CKEditor itself drops the 20pt, so the editor shows no size saving would lose).
    warning = page.locator(".paste-warning")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("文字颜色 #123456（不在可选的颜色中）")
    expect(warning).not_to_contain_text("ff0000")
    expect(warning.locator("p")).to_have_text(
        "粘贴的内容中，以下格式保存后不会保留：文字颜色 #123456（不在可选的颜色中）。"
        "可用的颜色、底色和表格边框见工具栏。"
    )
    expect(page.locator(".char-count")).to_have_text("字数：15")
    expect(page.locator(".word-count")).not_to_contain_text("单词")

    # The editing area's headings look like the article page's (not the admin's 13 px).
    editor_h2 = (
        _style(page, ".ck-content h2", "fontSize"),
        _style(page, ".ck-content h2", "fontWeight"),
    )
    page.select_option("#id_status", "published")
    page.locator("input[name=_save]").last.click()
    page.wait_for_url("**/admin/news/article/")

    article = Article.objects.get()
    page.goto(article.get_absolute_url())
    body = page.locator(".article-body")
    expect(body.locator("td").first).to_contain_text("重点项目")
    assert _style(page, ".article-body td", "backgroundColor") == "rgb(217, 226, 243)"
    assert _style(page, ".article-body td >> nth=1", "backgroundColor") == "rgb(255, 242, 204)"
    assert _style(page, ".article-body td p", "textAlign") == "center"
    assert _style(page, ".article-body td span", "color") == "rgb(255, 0, 0)"
    page_h2 = (
        _style(page, ".article-body h2", "fontSize"),
        _style(page, ".article-body h2", "fontWeight"),
    )
    assert editor_h2 == page_h2
    assert float(page_h2[0].removesuffix("px")) > 20 and page_h2[1] == "700"
    # The shaded cell is as tall in both: its paragraph adds no margin under the text.
    assert _style(page, ".article-body td p", "marginBottom") == "0px"
