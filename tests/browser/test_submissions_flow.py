"""Messages and contributions end to end in Chromium: reader, editor, contributor."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.pictures import demo_pdf
from submissions.models import Message, Submission, new_reference_code

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("captcha_and_mailbox"),
]


def test_reader_leaves_a_message_editor_replies_reader_sees_it(
    page, staff_page, publisher, admin_login, assert_accessible
):
    page.goto("/messages/new/")
    assert_accessible(page)
    page.get_by_label("姓名").fill("陈小明")
    page.get_by_label("电子邮箱").fill("xiaoming@example.com")
    page.get_by_label("主题").fill("会刊能否寄到园区？")
    page.get_by_label("留言内容").fill("我们想给园区每个部门订一份会刊，请问怎样办理？")
    assert "已输入 23 / 2000 字" in page.locator(".char-count").inner_text()
    page.get_by_label("验证码").fill("PASSED")
    page.get_by_role("button", name="提交留言").click()
    page.wait_for_url("**/messages/new/done/")
    code = page.locator("#ref-code").inner_text().strip()
    assert code.startswith("LY")
    assert_accessible(page)

    admin_login(staff_page, "publisher")
    staff_page.get_by_role("link", name="待回复留言").first.click()
    staff_page.get_by_role("link", name=code).click()
    staff_page.locator("#id_reply").fill("您好，会员单位可联系编辑部办理集体订阅。")
    # 保存 while 待处理 keeps the reply a draft: the board does not show it yet.
    staff_page.get_by_role("button", name="保存", exact=True).click()
    expect(staff_page.locator(".messagelist")).to_contain_text("回复已保存为草稿")
    page.goto("/messages/")
    assert "会刊能否寄到园区？" not in page.content()
    staff_page.get_by_role("link", name=code, exact=True).click()  # back from the list
    expect(staff_page.locator("#id_reply")).to_have_value(
        "您好，会员单位可联系编辑部办理集体订阅。"
    )
    staff_page.get_by_role("button", name="保存并公开").click()
    staff_page.locator(".messagelist .success").wait_for()

    page.goto("/messages/")
    item = page.locator(".board-item", has_text="会刊能否寄到园区？")
    assert "您好，会员单位可联系编辑部办理集体订阅。" in item.inner_text()
    assert "陈**" in item.inner_text() and "xiaoming@example.com" not in page.content()
    assert_accessible(page)

    page.goto("/messages/lookup/")
    page.get_by_label("留言编号").fill(code.lower())
    page.get_by_role("button", name="查询", exact=True).click()
    result = page.locator(".lookup-result")
    assert "已回复" in result.inner_text()
    assert "您好，会员单位可联系编辑部办理集体订阅。" in result.inner_text()
    assert_accessible(page)


def test_contributor_submits_a_pdf_editor_reviews_and_downloads_it(
    page, staff_page, publisher, admin_login, assert_accessible, tmp_path
):
    pdf = tmp_path / "园区调研报告.pdf"
    pdf.write_bytes(demo_pdf("Survey"))
    page.goto("/contribute/")
    assert_accessible(page)
    page.get_by_label("标题").fill("西部园区承接产业转移的调研")
    page.get_by_label("作者").fill("周明")
    page.get_by_label("单位").fill("某省开发区研究会")
    page.get_by_label("电子邮箱").fill("zhouming@example.com")
    page.get_by_label("建议栏目").select_option(label="其他（由编辑部安排）")
    page.get_by_label("附件").set_input_files(str(pdf))
    page.get_by_label("我已阅读并同意《投稿须知》", exact=False).check()
    page.get_by_label("验证码").fill("PASSED")
    page.get_by_role("button", name="提交投稿").click()
    page.wait_for_url("**/contribute/done/")
    code = page.locator("#ref-code").inner_text().strip()
    assert code.startswith("TG-")
    assert_accessible(page)

    admin_login(staff_page, "publisher")
    staff_page.get_by_role("link", name="待审稿件").first.click()
    staff_page.get_by_role("link", name="西部园区承接产业转移的调研").click()
    with staff_page.expect_download() as download_info:
        staff_page.get_by_role("link", name="园区调研报告.pdf").first.click()
    download = download_info.value
    assert download.suggested_filename == "园区调研报告.pdf"
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    staff_page.locator("#id_status").select_option(label="已采用")
    staff_page.locator("#id_editor_note").fill("稿件已采用，拟刊发于下期会刊。")
    staff_page.get_by_role("button", name="保存", exact=True).click()
    staff_page.locator(".messagelist .success").wait_for()
    assert Submission.objects.get().status == Submission.Status.ACCEPTED

    page.goto("/contribute/status/")
    page.get_by_label("查询码").first.fill(code)
    page.get_by_label("投稿时填写的电子邮箱或电话").fill("zhouming@example.com")
    page.get_by_role("button", name="查询", exact=True).click()
    result = page.locator(".lookup-result")
    assert "已采用" in result.inner_text() and "拟刊发于下期会刊" in result.inner_text()
    assert_accessible(page)


def test_script_typed_into_any_field_shows_as_text(page, assert_accessible):
    payload = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'
    Message.objects.create(
        code=new_reference_code(),
        name="测试",
        email="t@example.com",
        subject=payload,
        content=payload,
        reply="回复",
        replied_at=timezone.now(),
        status=Message.Status.PUBLISHED,
    )
    page.goto("/messages/")
    assert page.locator(".board-subject").first.inner_text() == payload
    assert page.evaluate("window.__xss") is None

    # in a form, markup in a name field is refused and what was typed comes back as text
    page.goto("/messages/new/")
    short = "<script>alert(1)</script>"  # the name field takes 30 characters
    page.get_by_label("姓名").fill(short)
    page.get_by_label("电话").fill("13812345678")
    page.get_by_label("主题").fill(payload)
    page.get_by_label("留言内容").fill(payload)
    page.get_by_label("验证码").fill("PASSED")
    page.get_by_role("button", name="提交留言").click()
    assert "请不要输入 HTML 标记或脚本代码" in page.locator(".form-errors").inner_text()
    assert page.get_by_label("姓名").input_value() == short
    assert page.get_by_label("留言内容").input_value() == payload
    assert page.evaluate("window.__xss") is None
    assert page.evaluate("document.activeElement.id") == "form-errors"
    assert_accessible(page)


def test_forms_fit_a_phone_and_captcha_refreshes(phone_page, settings, monkeypatch):
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", False)
    for path in ("/messages/new/", "/contribute/", "/messages/", "/contribute/status/"):
        phone_page.goto(path)
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390, path
    phone_page.goto("/messages/new/")
    image = phone_page.locator(".captcha-image")
    before = image.get_attribute("src")
    key_before = phone_page.locator("input[name=captcha_0]").input_value()
    phone_page.get_by_role("button", name="换一张").click()
    phone_page.wait_for_function(
        "src => document.querySelector('.captcha-image').getAttribute('src') !== src", arg=before
    )
    assert phone_page.locator("input[name=captcha_0]").input_value() != key_before


def test_captcha_refresh_over_the_limit_says_so_and_keeps_the_image(
    phone_page, settings, monkeypatch
):
    monkeypatch.setattr("captcha.conf.settings.CAPTCHA_TEST_MODE", False)
    settings.CAPTCHA_REFRESH_RATE = "1/10m"
    phone_page.goto("/messages/new/")
    refresh = phone_page.get_by_role("button", name="换一张")
    image = phone_page.locator(".captcha-image")
    before = image.get_attribute("src")
    refresh.click()
    phone_page.wait_for_function(
        "src => document.querySelector('.captcha-image').getAttribute('src') !== src", arg=before
    )
    shown = image.get_attribute("src")
    refresh.click()
    note = phone_page.locator(".captcha-note")
    note.filter(has_text="过于频繁").wait_for()
    assert "分钟后再试" in note.inner_text()
    assert image.get_attribute("src") == shown
